"""The admin: every entry editable in both languages, with tabs per language, its history
(revisions with a diff and restore) and a refusal to save over a newer version."""

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from reversion import add_to_revision, create_revision, set_comment, set_user
from reversion.admin import VersionAdmin
from reversion.models import Version

from faq.history import changes_since, compare_revisions, version_token
from faq.kinds import kind_of
from faq.languages import Language, localized, site_languages, slug_source
from faq.models import (
    Category,
    Channel,
    ChannelNote,
    ChannelStep,
    Feedback,
    Issue,
    IssueChannel,
    Question,
    QuestionChannel,
    Section,
    Tip,
)


class UnixNewlinesTextarea(forms.Textarea):
    """A textarea whose posted text has "\\n" line endings, as stored: browsers post "\\r\\n",
    which listed every multi-line field as changed in the history after any edit."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


NEWLINE_OVERRIDES = {models.TextField: {"widget": UnixNewlinesTextarea}}

# The admin's pages are titled with the site's name, not "Django administration".
admin.site.site_header = admin.site.site_title = _("Customer Service Guide")


class EntryForm(forms.ModelForm):
    """A change form that carries the version the editor opened, and refuses to save over a
    newer one (two editors would otherwise overwrite each other without a word)."""

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = version_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        opened = self.data.get(self.add_prefix("opened_version"), "")
        if self.instance.pk and opened != version_token(self.instance):
            raise ValidationError(conflict_message(self.instance, opened), code="conflict")
        return cleaned


def untitled_languages(entry) -> list[Language]:
    """Return the languages an editor writes (not converted on the fly) in which the entry
    has no title: its pages there fall back to the source language's."""
    fields = kind_of(entry).title
    return [
        language
        for language in site_languages()[1:]
        if not language.convert
        and not any(getattr(entry, f"{field}_{language.suffix}", "") for field in fields)
    ]


def conflict_message(entry, opened: str) -> str:
    """Say that someone saved the entry meanwhile, when, and what they changed."""
    latest = Version.objects.get_for_object(entry).select_related("revision__user").first()
    who = latest.revision.user if latest and latest.revision.user else None
    message = gettext(
        "Someone else saved this entry after you opened it (%(when)s, %(who)s). Your changes "
        "were not saved, so that theirs are not lost: copy what you wrote, reload the page "
        "and make your change again."
    ) % {
        "when": localize(template_localtime(entry.updated_at)),
        "who": who.get_username() if who else gettext("unknown editor"),
    }
    changes = changes_since(entry, opened)
    if changes:
        shown = "; ".join(f"{c.label}: “{_changed_part(c.old, c.new)}”" for c in changes[:8])
        message += " " + gettext("What changed: %(changes)s") % {"changes": shown}
    return message


def _changed_part(old: str, new: str, context: int = 30, length: int = 140) -> str:
    """Return the new text from a little before where it starts to differ from the old."""
    old, new = " ".join(old.split()), " ".join(new.split())
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), None)
    if start is None:
        start = min(len(old), len(new))
    begin = max(0, start - context)
    part = new[begin : begin + length]
    return ("…" if begin else "") + part + ("…" if begin + length < len(new) else "")


def _version_id(value: str | None) -> int:
    """Return a revision id from the query string, or raise 404: ids are ASCII digits."""
    if not value or not (value.isascii() and value.isdigit()):
        raise Http404(gettext("No such revision."))
    return int(value)


class TranslationTabs(TabbedTranslationAdmin):
    """modeltranslation's tabs, with its language switch set to the tab the fields open at
    and naming the languages (static/js/admin-language-switch.js)."""

    class Media:
        js = ("js/admin-language-switch.js",)


class EntryAdmin(VersionAdmin, TranslationTabs):
    """What every kind of entry shares in the admin: ordering, publishing, timestamps,
    revisions with diff and restore, and the stale-form check."""

    form = EntryForm
    formfield_overrides = NEWLINE_OVERRIDES
    list_display = ("title", "slug", "order", "is_published", "publish_at", "updated_at")
    list_editable = ("order", "is_published")
    list_filter = ("is_published",)
    search_fields = ("slug", *localized("title"))
    prepopulated_fields = {"slug": slug_source("title")}
    readonly_fields = ("created_at", "updated_at")
    actions = ["publish", "unpublish"]
    history_latest_first = True
    object_history_template = "admin/faq/object_history.html"

    def get_object(self, request, object_id, from_field=None):
        """Lock the entry while a change is saved, so that two saves cannot both pass the
        stale-form check (changeform_view runs in a transaction)."""
        entry = super().get_object(request, object_id, from_field)
        if (
            entry is not None
            and request.method == "POST"
            and transaction.get_connection().in_atomic_block
        ):
            entry = self.get_queryset(request).select_for_update().get(pk=entry.pk)
        return entry

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request.restoring = True  # see save_model
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request.restoring = True  # a deleted entry brought back: see save_model
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        # Saving an unchanged entry would still move its version on, and another editor's
        # open form would be refused as stale. Whether its inlines changed is known only in
        # save_related. A restore is a change, though its form matches the old version it
        # was filled from (reversion has already written that version's fields, its old
        # updated_at among them): it is saved, and so dated now, for the feed and sitemap.
        if change and not form.has_changed() and not getattr(request, "restoring", False):
            request.entry_unchanged = True
            return
        super().save_model(request, obj, form, change)
        if untitled := untitled_languages(obj):
            messages.warning(
                request,
                gettext(
                    "This entry has no title in %(languages)s: those pages show it in "
                    "%(source)s until one is written."
                )
                % {
                    "languages": ", ".join(str(language.name) for language in untitled),
                    "source": site_languages()[0].name,
                },
            )

    def save_related(self, request, form, formsets, change):
        if getattr(request, "entry_unchanged", False) and any(f.has_changed() for f in formsets):
            super().save_model(request, form.instance, form, change)  # a step or a link changed
        super().save_related(request, form, formsets, change)

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        compare = self.admin_site.admin_view(self.compare_view)
        urls = [
            path("<path:object_id>/history/compare/", compare, name="{}_{}_compare".format(*info))
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        # Order and published, edited in the list, get a revision like a change form's.
        with self.create_revision(request):
            return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            self._start_history(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _start_history(self, request, object_id) -> None:
        """Give an entry loaded from fixtures its first revision when an editor opens it, so
        that a refused save can say what changed since the version the editor opened."""
        entry = self.get_object(request, unquote(object_id))
        if entry is None or Version.objects.get_for_object(entry).exists():
            return
        with transaction.atomic(), create_revision(manage_manually=True):
            set_comment(gettext("Initial version"))
            add_to_revision(entry)  # with its steps, notes or channel links

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        for action in getattr(response, "context_data", {}).get("action_list", []):
            # reversion's rows link to ".../history/<version id>/": the compare form needs it.
            action["version_id"] = action["url"].rstrip("/").rsplit("/", 1)[-1]
        return response

    def compare_view(self, request, object_id):
        """Show what differs between two revisions of an entry, in both languages."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        entry = self.get_object(request, unquote(object_id))
        if entry is None:
            raise Http404(gettext("No such entry."))
        if not self.has_view_or_change_permission(request, entry):
            raise PermissionDenied
        versions = Version.objects.get_for_object(entry).select_related("revision__user")
        old = get_object_or_404(versions, pk=_version_id(request.GET.get("old")))
        new = get_object_or_404(versions, pk=_version_id(request.GET.get("new")))
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": entry,
            "title": gettext("Compare revisions of %(entry)s") % {"entry": entry},
            "old": old,
            "new": new,
            "changes": compare_revisions(old.revision, new.revision, self.model),
        }
        return TemplateResponse(request, "admin/faq/compare.html", context)

    @admin.action(description=_("Publish selected entries"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish selected entries"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published: bool) -> None:
        """Save each entry that changes, as its change form would.

        `queryset.update()` sends no signal, so the index never heard of the change, and
        it left no admin history. Each save goes through the change log, is logged and
        gets a revision.
        """
        changed = 0
        with transaction.atomic(), create_revision():
            set_user(request.user)
            set_comment(gettext("Published") if published else gettext("Unpublished"))
            for entry in queryset.select_for_update().exclude(is_published=published):
                entry.is_published = published
                entry.save(update_fields=["is_published", "updated_at"])
                self.log_change(request, entry, [{"changed": {"fields": ["is_published"]}}])
                changed += 1
        message = (
            ngettext("%(count)d entry published.", "%(count)d entries published.", changed)
            if published
            else ngettext("%(count)d entry unpublished.", "%(count)d entries unpublished.", changed)
        )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)


class ChannelStepInline(SortableStackedInline, TranslationStackedInline):
    model = ChannelStep
    extra = 0
    formfield_overrides = NEWLINE_OVERRIDES


class ChannelNoteInline(SortableTabularInline, TranslationTabularInline):
    model = ChannelNote
    extra = 0
    formfield_overrides = NEWLINE_OVERRIDES


class IssueChannelInline(SortableTabularInline, admin.TabularInline):
    model = IssueChannel
    extra = 0
    autocomplete_fields = ("channel",)


@admin.register(Section)
class SectionAdmin(EntryAdmin):
    pass


@admin.register(Tip)
class TipAdmin(EntryAdmin):
    search_fields = (*EntryAdmin.search_fields, *localized("body"))


@admin.register(Channel)
class ChannelAdmin(SortableAdminBase, EntryAdmin):
    list_display = (
        "name",
        "slug",
        "response_time",
        "order",
        "is_published",
        "publish_at",
        "updated_at",
    )
    search_fields = ("slug", *localized("name", "title"))
    prepopulated_fields = {"slug": slug_source("name")}
    inlines = [ChannelStepInline, ChannelNoteInline]


@admin.register(Issue)
class IssueAdmin(SortableAdminBase, EntryAdmin):
    list_filter = ("is_published", "recommended_channels")
    search_fields = (*EntryAdmin.search_fields, *localized("problems", "solution"))
    inlines = [IssueChannelInline]


class QuestionChannelInline(SortableTabularInline, admin.TabularInline):
    model = QuestionChannel
    extra = 0
    autocomplete_fields = ("channel",)


@admin.register(Question)
class QuestionAdmin(SortableAdminBase, EntryAdmin):
    list_display = ("question", "category", "slug", "order", "is_published", "updated_at")
    list_filter = ("is_published", "category")
    search_fields = ("slug", *localized("question", "answer"))
    prepopulated_fields = {"slug": slug_source("question")}
    autocomplete_fields = ("category",)
    inlines = [QuestionChannelInline]


@admin.register(Category)
class CategoryAdmin(VersionAdmin, TranslationTabs):
    """Question categories; deleting one that holds questions is refused (PROTECT)."""

    formfield_overrides = NEWLINE_OVERRIDES
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("slug", *localized("name"))
    prepopulated_fields = {"slug": slug_source("name")}


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """What customers answered to "Was this helpful?"; read-only (the insights page sums it)."""

    list_display = ("day", "kind", "slug", "lang", "helpful", "comment", "audience")
    list_filter = ("helpful", "kind", "audience", "lang", "day")
    search_fields = ("slug", "comment")
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
