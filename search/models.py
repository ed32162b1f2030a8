"""The query log, the editors' synonym sets and best bets, and the index change log."""

import unicodedata

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from faq.kinds import kind_of
from search.analysis import normalize_query, searchable_words


class QueryLog(models.Model):
    query = models.CharField(_("query"), max_length=200, db_index=True)
    lang = models.CharField(_("language"), max_length=10)
    kind = models.CharField(_("kind filter"), max_length=20, blank=True)
    result_count = models.PositiveIntegerField(_("results"))
    suggestion = models.CharField(_("did you mean"), max_length=200, blank=True)
    duration_ms = models.FloatField(_("time (ms)"))
    created_at = models.DateTimeField(_("searched at"), auto_now_add=True, db_index=True)
    # Who searched (faq/visitors.py): customers' searches are counted apart from editors'
    # test searches, API clients and bots; the visitor key is a hash, new every day.
    audience = models.CharField(_("from"), max_length=10, default="visitor")
    visitor = models.CharField(_("visitor"), max_length=16, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")

    def __str__(self) -> str:
        return self.query


class SearchClick(models.Model):
    """A result a visitor opened from the results page, and where it was in the list."""

    query = models.CharField(_("query"), max_length=200)
    lang = models.CharField(_("language"), max_length=10)
    kind = models.CharField(_("kind"), max_length=20)
    slug = models.SlugField(_("slug"), max_length=80)
    position = models.PositiveIntegerField(_("position"))
    audience = models.CharField(_("from"), max_length=10, default="visitor")
    visitor = models.CharField(_("visitor"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("clicked at"), db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("result click")
        verbose_name_plural = _("result clicks")

    def __str__(self) -> str:
        return f"{self.query} → {self.kind}/{self.slug} #{self.position}"


class QueryDay(models.Model):
    """One normalised query on one day from one audience: the query log summed up.

    Filled from the raw rows by `manage.py maintain_query_log` (search/query_stats.py);
    autocomplete and the insights page read these, never the raw rows, which are deleted
    after SEARCH_LOG_RETENTION_DAYS.
    """

    day = models.DateField(_("day"))
    query = models.CharField(_("query"), max_length=200)
    audience = models.CharField(_("from"), max_length=10)
    searches = models.PositiveIntegerField(_("searches"))
    visitors = models.PositiveIntegerField(_("distinct visitors"))
    found = models.PositiveIntegerField(_("searches with results"))
    # With results and no "did you mean": what autocomplete may offer.
    exact = models.PositiveIntegerField(_("searches with results as typed"))
    clicks = models.PositiveIntegerField(_("result clicks"), default=0)
    # False for a query holding a URL, an e-mail address or a phone number: never suggested.
    is_suggestable = models.BooleanField(_("may be suggested"), default=True)

    class Meta:
        ordering = ["-day", "-searches"]
        constraints = [
            models.UniqueConstraint(fields=["day", "query", "audience"], name="one_query_day")
        ]
        indexes = [
            models.Index(fields=["audience", "query"], name="queryday_prefix"),
            models.Index(fields=["audience", "day"], name="queryday_day"),
        ]
        verbose_name = _("search insights")
        verbose_name_plural = _("search insights")

    def __str__(self) -> str:
        return f"{self.day} {self.query} ({self.audience})"


class QueryInsight(models.Model):
    """One row of the insights page's query tables for a period (top queries, no results,
    no clicks, searches by audience), recomputed from QueryDay by `maintain_query_log`, so
    the page reads a few dozen rows whatever the size of the log."""

    period = models.PositiveSmallIntegerField(_("days"))
    table = models.CharField(max_length=20)
    rank = models.PositiveSmallIntegerField()
    query = models.CharField(_("query"), max_length=200)
    searches = models.PositiveIntegerField(_("searches"))
    visitors = models.PositiveIntegerField(_("distinct visitors"), default=0)
    found = models.PositiveIntegerField(_("searches with results"), default=0)
    clicks = models.PositiveIntegerField(_("result clicks"), default=0)
    before = models.PositiveIntegerField(_("searches in the period before"), default=0)

    class Meta:
        ordering = ["period", "table", "rank"]

    def __str__(self) -> str:
        return f"{self.period}d {self.table} #{self.rank}: {self.query}"


class SuggestedQuery(models.Model):
    """A visitors' query autocomplete may offer: recomputed from QueryDay by
    `manage.py maintain_query_log`, so a completion reads a small table by prefix."""

    query = models.CharField(_("query"), max_length=200, unique=True)
    visitors = models.PositiveIntegerField(_("distinct visitors"))
    days = models.PositiveIntegerField(_("days"))

    class Meta:
        ordering = ["query"]
        verbose_name = _("suggested query")
        verbose_name_plural = _("suggested queries")

    def __str__(self) -> str:
        return self.query


STR_LENGTH = 80


class SynonymSet(models.Model):
    """Terms a customer may use for the same thing, in either language.

    Applied when a query is parsed, so a change works on the next search with no re-index.
    """

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Equivalent words or phrases, one per line or separated by commas, "
            "in Chinese and/or English. Example: 快递, 包裹, parcel, package"
        ),
    )

    class Source(models.TextChoices):
        EDITOR = "editor", _("an editor")
        THESAURUS = "thesaurus", _("a thesaurus")
        GUIDE = "guide", _("the guide's own wording")

    note = models.CharField(_("note for editors"), max_length=200, blank=True)
    # Where the set came from. Sets an editor writes weigh as the words typed; the general
    # lexical resources that search reads by itself (search/thesaurus.py) weigh less.
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.EDITOR
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("synonym set")
        verbose_name_plural = _("synonym sets")

    def __str__(self) -> str:
        """Return the terms, as many whole ones as fit in 80 characters, then "…"."""
        shown, length = [], 0
        for term in self.term_list():
            length += len(term) + 2
            if length > STR_LENGTH + 2 and shown:
                return ", ".join(shown) + ", …"
            shown.append(term)
        return ", ".join(shown)

    def clean(self):
        # "Refund" and "refunds" are one term to search: their words are the same.
        distinct = {searchable_words(term) or term for term in self.term_list()}
        if len(distinct) < 2:
            raise ValidationError(
                {"terms": _("A set needs two different terms, or it changes no search.")}
            )

    def term_list(self) -> list[str]:
        """Return the set's terms, stripped and without duplicates."""
        seen: dict[str, None] = {}
        for line in self.terms.replace(",", "\n").replace("，", "\n").splitlines():
            if line.strip():
                seen.setdefault(line.strip(), None)
        return list(seen)


class BestBet(models.Model):
    """An entry of any registered kind an editor pins to the top of the results for a query."""

    query = models.CharField(
        _("query"),
        max_length=200,
        db_index=True,
        help_text=_("Matched after normalising case, spaces, width and Traditional characters."),
    )
    content_type = models.ForeignKey(ContentType, models.CASCADE, verbose_name=_("kind"))
    object_id = models.PositiveBigIntegerField(_("entry id"))
    entry = GenericForeignKey("content_type", "object_id")
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["query", "order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("best bet")
        verbose_name_plural = _("best bets")

    def __str__(self) -> str:
        return f"{self.query} → {self.entry}"

    @property
    def kind(self) -> str:
        return kind_of(self.content_type.model_class()).name

    @property
    def entry_key(self) -> tuple[str, int]:
        """Return the pinned entry as the index names it: (content type, pk)."""
        return f"{self.content_type.app_label}.{self.content_type.model}", self.object_id

    def clean(self):
        self.query = best_bet_query(self.query)
        if not self.query:
            raise ValidationError({"query": _("Enter the query this entry is pinned to.")})
        model = self.content_type.model_class() if self.content_type_id else None
        if model is None or kind_of(model) is None or self.entry is None:
            raise ValidationError(_("Pin exactly one entry of a registered kind."))
        same = BestBet.objects.filter(
            query=self.query, content_type=self.content_type, object_id=self.object_id
        )
        if same.exclude(pk=self.pk).exists():
            raise ValidationError(_("This entry is already pinned to this query."))


def best_bet_query(text: str) -> str:
    """Return a query as best bets are matched: normalised, and without punctuation at its
    ends, which says nothing of what is asked ("货还没到？", "where is my parcel?")."""
    return without_edge_punctuation(normalize_query(text))


def without_edge_punctuation(query: str) -> str:
    """Return a normalised query without the spaces and punctuation at its ends."""
    start, end = 0, len(query)
    while start < end and _is_edge(query[start]):
        start += 1
    while end > start and _is_edge(query[end - 1]):
        end -= 1
    return query[start:end]


def _is_edge(character: str) -> bool:
    return character.isspace() or unicodedata.category(character).startswith("P")


class IndexChange(models.Model):
    """One entry that needs re-indexing, written in the same transaction as the edit.

    The id is the change's position in the log. An index records the position it has
    applied up to (search/indexing.py), so a change that could not be applied at once
    (another process writing, a crash) stays here until the next writer applies it.
    """

    model = models.CharField(max_length=100)  # "faq.issue"
    object_pk = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.model}.{self.object_pk}"


class IndexNode(models.Model):
    """A web node with its own index replica, and how far it has applied the change log.

    Changes every live node has applied are pruned from the log; a node not seen for
    SEARCH_NODE_TIMEOUT no longer holds pruning back, and rebuilds when it returns.
    """

    name = models.CharField(_("node"), max_length=100, unique=True)
    position = models.BigIntegerField(_("applied through change"), default=0)
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("index node")
        verbose_name_plural = _("index nodes")

    def __str__(self) -> str:
        return f"{self.name} at #{self.position}"


class ChangeLogFloor(models.Model):
    """One row: the log holds no change at or below `pruned_through` any more."""

    pruned_through = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"pruned through #{self.pruned_through}"


def content_versions() -> tuple[tuple, int]:
    """Return what changes whenever an editor adds, edits or removes a synonym set or a
    best bet, and the head of the index change log, in one query (separate ORM
    aggregates cost more than a cached search)."""
    tables = [SynonymSet._meta.db_table, BestBet._meta.db_table]
    parts = [f"(SELECT COUNT(*) FROM {t}), (SELECT MAX(updated_at) FROM {t})" for t in tables]
    # The log's head never goes back: once pruned empty, it is where pruning stopped.
    parts.append(f"(SELECT MAX(id) FROM {IndexChange._meta.db_table})")
    parts.append(f"(SELECT MAX(pruned_through) FROM {ChangeLogFloor._meta.db_table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        *editors, newest, pruned = cursor.fetchone()
    return tuple(editors), max(newest or 0, pruned or 0)


def editor_changes_version() -> tuple:
    """Return what changes whenever an editor changes a synonym set or a best bet."""
    return content_versions()[0]
