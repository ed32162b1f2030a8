"""The admin: every entry editable in both languages, with tabs per language."""

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from faq.models import Channel, ChannelNote, ChannelStep, Issue, IssueChannel, Section, Tip


class EntryAdmin(TabbedTranslationAdmin):
    """What every kind of entry shares in the admin: ordering, publishing, timestamps."""

    list_display = ("title", "slug", "order", "is_published", "updated_at")
    list_editable = ("order", "is_published")
    list_filter = ("is_published",)
    search_fields = ("slug", "title_zh_hans", "title_en")
    prepopulated_fields = {"slug": ("title_en",)}
    readonly_fields = ("created_at", "updated_at")
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish selected entries"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish selected entries"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published: bool) -> None:
        """Save each entry that changes, as its change form would.

        `queryset.update()` sends no signal, so the index never heard of the change, and
        it left no admin history. Each save goes through the change log and is logged.
        """
        changed = 0
        with transaction.atomic():
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


class ChannelNoteInline(SortableTabularInline, TranslationTabularInline):
    model = ChannelNote
    extra = 0


class IssueChannelInline(SortableTabularInline, admin.TabularInline):
    model = IssueChannel
    extra = 0
    autocomplete_fields = ("channel",)


@admin.register(Section)
class SectionAdmin(EntryAdmin):
    pass


@admin.register(Tip)
class TipAdmin(EntryAdmin):
    search_fields = (*EntryAdmin.search_fields, "body_zh_hans", "body_en")


@admin.register(Channel)
class ChannelAdmin(SortableAdminBase, EntryAdmin):
    list_display = ("name", "slug", "response_time", "order", "is_published", "updated_at")
    search_fields = ("slug", "name_zh_hans", "name_en", "title_zh_hans", "title_en")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [ChannelStepInline, ChannelNoteInline]


@admin.register(Issue)
class IssueAdmin(SortableAdminBase, EntryAdmin):
    list_filter = ("is_published", "recommended_channels")
    search_fields = (
        *EntryAdmin.search_fields,
        "problems_zh_hans",
        "problems_en",
        "solution_zh_hans",
        "solution_en",
    )
    inlines = [IssueChannelInline]
