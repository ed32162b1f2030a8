"""The content kinds, each declared once.

As `admin.site.register` and modeltranslation's `translator.register` do for their jobs, a
kind of content is registered here with its model, its labels, which of its fields are its
title, summary and text, and its child parts; the index, the change log, search filters
and labels, best bets, snippets, autocomplete, the admin's common actions and the sitemap
ask this registry. `faq.checks` fails at start-up on a translated model nobody registered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from faq import models as content
from faq.markdown import markdown_text


@dataclass(frozen=True)
class Part:
    """A model saved apart from its entry (a step, a note, a recommended channel, a
    category) whose change re-indexes the entries it belongs to."""

    model: type[models.Model]
    # The entry's foreign key on the part ("channel"), or the reverse accessor from the part
    # to its entries ("questions", for a category).
    owner: str

    def owner_pks(self, part: models.Model) -> list[int]:
        """Return the pks of the entries this part belongs to."""
        if isinstance(part._meta.get_field(self.owner), models.ForeignKey):
            pk = getattr(part, f"{self.owner}_id")
            return [pk] if pk is not None else []
        if part.pk is None:
            return []
        return list(getattr(part, self.owner).values_list("pk", flat=True))


@dataclass(frozen=True)
class ContentKind:
    name: str  # as the API and URLs name it: "issue"
    model: type[content.Entry]
    label: str  # one entry of the kind, lazy: "Problem"
    list_title: str  # the page listing them, lazy
    # The searchable text, by index section, as fields of the entry ("title") or of its
    # children ("steps.body"), in the order they are read.
    title: tuple[str, ...]
    summary: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    # What reading the text needs loaded, and what a search result shows besides.
    prefetch: tuple[str | models.Prefetch, ...] = ()
    result_prefetch: Callable[[], Iterable[str | models.Prefetch]] = lambda: ()
    # Fields stored in a markup, with the function that reads them as plain text.
    plain_text: Mapping[str, Callable[[str], str]] = field(default_factory=dict)
    home_limit: int = 12

    @property
    def content_type(self) -> str:
        """Return how the index names the kind's documents ("faq.issue")."""
        return self.model._meta.label_lower

    def sections(self) -> dict[str, tuple[str, ...]]:
        """Return the kind's searchable fields by index section."""
        return {"title": self.title, "summary": self.summary, "text": self.text}

    def published(self) -> models.QuerySet:
        """Return the published entries with what reading their text needs."""
        return self.model.objects.published().prefetch_related(*self.prefetch)

    def search_results(self) -> models.QuerySet:
        """Return the published entries with what a search result shows."""
        return self.published().prefetch_related(*self.result_prefetch())


_registry: dict[str, ContentKind] = {}


def register(kind: ContentKind) -> ContentKind:
    """Add a kind; registering a name or a model twice is a mistake."""
    if kind.name in _registry or kind_of(kind.model) is not None:
        raise ValueError(f"content kind {kind.name} ({kind.model}) is registered already")
    _registry[kind.name] = kind
    return kind


def kinds() -> tuple[ContentKind, ...]:
    """Return every registered kind, in the order pages list them."""
    return tuple(_registry.values())


def entry_models() -> dict[str, type[content.Entry]]:
    """Return the model of every registered kind, by kind name."""
    return {kind.name: kind.model for kind in _registry.values()}


def kind_named(name: str) -> ContentKind:
    """Return a kind by name; KeyError for a name nobody registered."""
    return _registry[name]


def kind_of(model_or_entry) -> ContentKind | None:
    """Return the kind of a model or an entry, or None."""
    model = model_or_entry if isinstance(model_or_entry, type) else type(model_or_entry)
    return next((kind for kind in _registry.values() if kind.model is model), None)


def published_channel_links(through: type[models.Model]) -> models.Prefetch:
    """Return a prefetch of an entry's recommended channels, published ones only, in order."""
    links = through.objects.filter(channel__is_published=True).select_related("channel")
    return models.Prefetch("channel_links", queryset=links, to_attr="published_channel_links")


register(
    ContentKind(
        "issue",
        content.Issue,
        label=_("Problem"),
        list_title=_("Common problems"),
        title=("title",),
        summary=("problems", "prepare"),
        text=("solution",),
        parts=(Part(content.IssueChannel, "issue"),),
        result_prefetch=lambda: (published_channel_links(content.IssueChannel),),
    )
)
register(
    ContentKind(
        "channel",
        content.Channel,
        label=_("Contact channel"),
        list_title=_("Ways to contact customer service"),
        title=("name", "title"),
        summary=("when_to_use", "steps.title"),
        text=("intro", "response_time", "steps.body", "notes.text"),
        parts=(Part(content.ChannelStep, "channel"), Part(content.ChannelNote, "channel")),
        prefetch=("steps", "notes"),
        home_limit=8,
    )
)
register(
    ContentKind(
        "tip",
        content.Tip,
        label=_("Tip"),
        list_title=_("Tips for getting help faster"),
        title=("title",),
        text=("body",),
    )
)
register(
    ContentKind(
        "section",
        content.Section,
        label=_("Guide"),
        list_title=_("About this guide"),
        title=("title",),
        text=("body",),
        home_limit=6,
    )
)
register(
    ContentKind(
        "question",
        content.Question,
        label=_("Question"),
        list_title=_("Questions and answers"),
        title=("question",),
        summary=("category.name",),
        text=("answer",),
        parts=(Part(content.QuestionChannel, "question"), Part(content.Category, "questions")),
        prefetch=("category",),
        result_prefetch=lambda: (published_channel_links(content.QuestionChannel),),
        plain_text={"answer": markdown_text},
    )
)
