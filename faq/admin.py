"""The admin: every entry editable in both languages, with tabs per language."""

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
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
        queryset.update(is_published=True)

    @admin.action(description=_("Unpublish selected entries"), permissions=["change"])
    def unpublish(self, request, queryset):
        queryset.update(is_published=False)


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
