"""The customer-service guide as content: sections, channels, issues and tips."""

from django.db import models, router, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from faq.markdown import markdown_text


class EntryQuerySet(models.QuerySet):
    def published(self) -> "EntryQuerySet":
        """Return only the entries visitors may see."""
        return self.filter(is_published=True)

    def visible_to(self, user) -> "EntryQuerySet":
        """Return what a user may open: staff who may view these entries in the admin
        preview drafts, everyone else sees what is published."""
        return self if may_preview(user, self.model) else self.published()

    def due_to_publish(self, now) -> "EntryQuerySet":
        """Return the drafts whose scheduled publishing time has come."""
        return self.filter(is_published=False, publish_at__lte=now)


def may_preview(user, model: type[models.Model]) -> bool:
    """Return whether a user may see a model's drafts: as the admin would let them view it
    (the view or the change permission), not merely for being staff."""
    if not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        for action in ("view", "change")
    )


def normalize_newlines(instance: models.Model) -> None:
    """Store every text with "\n" line endings: browsers post "\r\n", which made an edit
    that changed nothing look like a change of every multi-line field."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, str) and "\r" in value:
            setattr(instance, field.attname, value.replace("\r\n", "\n").replace("\r", "\n"))


class AtomicSaveModel(models.Model):
    """A model whose save commits together with what its post_save receivers write.

    Outside a transaction (a shell, a script) Django commits a plain save's UPDATE before
    post_save is sent, so the search index's change log row (search/signals.py) came in a
    second transaction: a process killed in between left an edit the index never heard
    of. One transaction is also one write lock of SQLite's instead of two.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # No savepoint inside another transaction (an admin form's): as Django's own
        # save_base does for a model with parents.
        with transaction.atomic(using=using, savepoint=False):
            super().save(*args, **kwargs)


class NormalizedNewlinesModel(AtomicSaveModel):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        normalize_newlines(self)
        super().save(*args, **kwargs)


class Entry(NormalizedNewlinesModel):
    """What every top-level entry has: a stable slug, an order, a published flag, timestamps."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    is_published = models.BooleanField(_("published"), default=True)
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Leave unpublished and set a time: the entry goes live then "
            "(manage.py publish_scheduled, run by a timer)."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Indexed: "recently updated" lists and the feed read the newest few of thousands.
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = EntryQuerySet.as_manager()

    # The name of the URL that shows one entry, and of the paginated list of its kind.
    url_name = ""
    list_url_name = ""

    class Meta:
        abstract = True
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        return reverse(self.url_name, kwargs={"slug": self.slug})

    def summary(self) -> str:
        """Return one line saying what the entry is about, for lists and descriptions."""
        return one_line(self.body)


# An editor's plain text makes a line starting with this a list item (faq_text.paragraphs).
BULLET = "- "


def one_line(text: str) -> str:
    """Return an editor's plain text as one line, without the BULLET that starts a list item
    (a list of the guide's ways of contacting support read "…方式： - 在线聊天…")."""
    return " ".join(
        word
        for line in (text or "").splitlines()
        for word in line.strip().removeprefix(BULLET).split()
    )


class Section(Entry):
    """A prose section of the guide: its introduction, the channels overview, the summary."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))

    url_name = "faq:section"
    list_url_name = "faq:sections"

    class Meta(Entry.Meta):
        verbose_name = _("guide section")
        verbose_name_plural = _("guide sections")


class Channel(Entry):
    """A way to reach customer service, with its step-by-step instructions."""

    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("page title"), max_length=200)
    when_to_use = models.TextField(_("when to use it"))
    intro = models.TextField(_("introduction"), blank=True)
    response_time = models.CharField(
        _("typical wait or reply time"),
        max_length=200,
        blank=True,
        help_text=_("Leave blank where the guide gives none."),
    )

    url_name = "faq:channel"
    list_url_name = "faq:channels"

    class Meta(Entry.Meta):
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")

    def __str__(self) -> str:
        return self.name or self.slug

    def summary(self) -> str:
        return one_line(self.when_to_use)


class ChannelStep(NormalizedNewlinesModel):
    """One numbered step of a channel's instructions."""

    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="steps", verbose_name=_("channel")
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("instructions"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title


class ChannelNote(NormalizedNewlinesModel):
    """A point to keep in mind when using a channel (注意事项)."""

    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="notes", verbose_name=_("channel")
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.text[:60]


class Issue(Entry):
    """A common problem customers contact support about, and how to solve it."""

    title = models.CharField(_("title"), max_length=200)
    problems = models.TextField(_("typical problems"), help_text=_("One problem per line."))
    solution = models.TextField(_("solution"))
    prepare = models.TextField(
        _("what to have ready"), blank=True, help_text=_("One item per line.")
    )
    recommended_channels = models.ManyToManyField(
        Channel,
        through="IssueChannel",
        related_name="issues",
        verbose_name=_("recommended channels"),
    )

    url_name = "faq:issue"
    list_url_name = "faq:issues"

    class Meta(Entry.Meta):
        verbose_name = _("common issue")
        verbose_name_plural = _("common issues")

    def summary(self) -> str:
        return " · ".join(self.problem_list())

    def problem_list(self) -> list[str]:
        """Return the typical problems, one per line of the field."""
        return _lines(self.problems)

    def prepare_list(self) -> list[str]:
        """Return what to have ready, one item per line of the field."""
        return _lines(self.prepare)


class IssueChannel(AtomicSaveModel):
    """A channel recommended for an issue, in the order the customer should try them."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="channel_links", verbose_name=_("issue")
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="issue_links", verbose_name=_("channel")
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "channel"], name="unique_issue_channel")
        ]
        verbose_name = _("recommended channel")
        verbose_name_plural = _("recommended channels")

    def __str__(self) -> str:
        return f"{self.issue} → {self.channel}"


class Tip(Entry):
    """A tip for getting help faster."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))

    url_name = "faq:tip"
    list_url_name = "faq:tips"

    class Meta(Entry.Meta):
        verbose_name = _("tip")
        verbose_name_plural = _("tips")


class Category(NormalizedNewlinesModel):
    """A group of questions with a page of its own ("Orders and delivery")."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("faq:category", kwargs={"slug": self.slug})


class Question(Entry):
    """A plain question customers ask, with its answer in Markdown."""

    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(
        _("answer"), help_text=_("Markdown: **bold**, lists with “- ”, links as [text](https://…).")
    )
    # Deleting a category that holds questions is refused: their index text names it.
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("category"),
    )
    related_channels = models.ManyToManyField(
        Channel,
        through="QuestionChannel",
        related_name="questions",
        verbose_name=_("related channels"),
        blank=True,
    )

    url_name = "faq:question"
    list_url_name = "faq:questions"

    class Meta(Entry.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.question or self.slug

    @property
    def title(self) -> str:
        return self.question

    def summary(self) -> str:
        return " ".join(markdown_text(self.answer).split())


class QuestionChannel(AtomicSaveModel):
    """A channel to contact about a question, in the order the customer should try them."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="channel_links", verbose_name=_("question")
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.CASCADE,
        related_name="question_links",
        verbose_name=_("channel"),
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "channel"], name="unique_question_channel")
        ]
        verbose_name = _("related channel")
        verbose_name_plural = _("related channels")

    def __str__(self) -> str:
        return f"{self.question} → {self.channel}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# How long a customer's comment after "No" may be.
FEEDBACK_COMMENT_LENGTH = 1000


class Feedback(models.Model):
    """A customer's answer to "Was this helpful?" on an entry's page, one per visitor and day."""

    kind = models.CharField(_("kind"), max_length=20)
    slug = models.SlugField(_("slug"), max_length=80)
    lang = models.CharField(_("language"), max_length=10)
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=FEEDBACK_COMMENT_LENGTH, blank=True)
    # Hashed address and browser, new every day (faq/visitors.py): no person is stored.
    visitor = models.CharField(_("visitor"), max_length=16)
    audience = models.CharField(_("from"), max_length=10, default="visitor")
    day = models.DateField(_("day"), db_index=True)
    created_at = models.DateTimeField(_("sent"), auto_now=True)

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "slug", "visitor", "day"], name="one_feedback_per_visitor_day"
            )
        ]
        indexes = [models.Index(fields=["kind", "slug", "day"])]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.kind}/{self.slug}: {'+' if self.helpful else '-'}"
