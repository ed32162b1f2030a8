"""Search in the admin: the query log (what customers ask, what finds nothing), synonym
sets, best bets, and the index nodes."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from faq.kinds import entry_models, kind_named, kinds
from search import querylog
from search.analysis import searchable_words
from search.changelog import live_nodes
from search.indexing import log_head
from search.insights import PERIODS, refresh_query_insights, search_insights
from search.models import BestBet, IndexNode, QueryDay, QueryLog, SynonymSet
from search.query_stats import aggregate_days
from search.snapshot import current_snapshot

TOP_QUERIES = 20


class FoundFilter(admin.SimpleListFilter):
    title = _("results")
    parameter_name = "found"

    def lookups(self, request, model_admin):
        return [("no", _("No results")), ("yes", _("Some results"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(result_count=0)
        if self.value() == "yes":
            return queryset.filter(result_count__gt=0)
        return queryset


@admin.register(QueryLog)
class QueryLogAdmin(admin.ModelAdmin):
    list_display = (
        "query",
        "lang",
        "kind",
        "result_count",
        "suggestion",
        "duration_ms",
        "created_at",
    )
    list_filter = (FoundFilter, "lang", "created_at")
    search_fields = ("query",)
    date_hierarchy = "created_at"
    change_list_template = "admin/search/querylog/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["top_queries"] = top_queries(changelist.queryset)
        return response


def top_queries(queryset, limit: int = TOP_QUERIES) -> list[dict]:
    """Return the most frequent queries of a queryset, with how often and their best count."""
    return list(
        queryset.order_by()
        .values("query")
        .annotate(times=Count("id"), best_result_count=Max("result_count"))
        .order_by("-times", "query")[:limit]
    )


@admin.register(SynonymSet)
class SynonymSetAdmin(admin.ModelAdmin):
    list_display = ("__str__", "note", "source", "is_active", "updated_at")
    list_editable = ("is_active",)
    list_filter = ("is_active", "source")
    search_fields = ("terms", "note")
    # A set written here is an editor's; other sources come with their sets (fixtures).
    readonly_fields = ("source", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_active and not terms_in_content(obj):
            messages.warning(
                request,
                _(
                    "None of these terms is used by the published pages, so this set "
                    "changes no search: a set leads to the words the pages use, not into "
                    "another set. Add the word the pages use for it."
                ),
            )


def terms_in_content(synonym_set: SynonymSet) -> list[str]:
    """Return the set's terms whose every word the index holds: the ones a search for any
    term of the set can find (a set of words no page uses finds nothing)."""
    vocabulary = current_snapshot().lexicon.vocabulary
    return [
        term
        for term in synonym_set.term_list()
        if (words := searchable_words(term)) and all(map(vocabulary.knows_term, words))
    ]


class BestBetForm(forms.ModelForm):
    """Pin an entry of any registered kind, named by its kind and slug."""

    kind = forms.ChoiceField(label=_("kind"), choices=())
    slug = forms.SlugField(label=_("slug"), max_length=80)

    class Meta:
        model = BestBet
        fields = ("query", "order")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.name, kind.label) for kind in kinds()]
        if self.instance.pk and self.instance.entry is not None:
            self.initial.update(kind=self.instance.kind, slug=self.instance.entry.slug)

    def clean(self):
        cleaned = super().clean()
        kind, slug = cleaned.get("kind"), cleaned.get("slug")
        if kind and slug:
            entry = kind_named(kind).model.objects.filter(slug=slug).first()
            if entry is None:
                raise forms.ValidationError({"slug": _("No entry of this kind has this slug.")})
            self.instance.content_type = ContentType.objects.get_for_model(entry)
            self.instance.object_id = entry.pk
        return cleaned


class KindFilter(admin.SimpleListFilter):
    """The registered kinds of entry, not every content type of the project."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.name, kind.label) for kind in kinds()]

    def queryset(self, request, queryset):
        model = entry_models().get(self.value())
        if model is None:
            return queryset
        return queryset.filter(content_type=ContentType.objects.get_for_model(model))


@admin.register(BestBet)
class BestBetAdmin(admin.ModelAdmin):
    form = BestBetForm
    list_display = ("query", "entry", "order")
    list_editable = ("order",)
    list_filter = (KindFilter,)
    search_fields = ("query",)
    fieldsets = [
        (None, {"fields": ("query", "order")}),
        (_("Entry to pin"), {"fields": ("kind", "slug")}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("entry")


@admin.register(IndexNode)
class IndexNodeAdmin(admin.ModelAdmin):
    """Which web nodes keep an index, how far each has applied the change log, and when
    each was last seen (docs/deploy.md). Read-only: nodes report themselves."""

    list_display = ("name", "position", "behind", "last_seen", "is_live")
    ordering = ("name",)

    def get_queryset(self, request):
        self._head = log_head()
        self._live = set(live_nodes().values_list("pk", flat=True))
        return super().get_queryset(request)

    @admin.display(description=_("changes behind"))
    def behind(self, node) -> int:
        return max(0, self._head - node.position)

    @admin.display(description=_("live"), boolean=True)
    def is_live(self, node) -> bool:
        return node.pk in self._live

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(QueryDay)
class SearchInsightsAdmin(admin.ModelAdmin):
    """The insights page: what visitors search, what fails them, what they found unhelpful."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":  # "Update now": sum up today's searches so far
            querylog.flush()
            aggregate_days(timezone.now().date())
            refresh_query_insights()
            return HttpResponseRedirect(request.get_full_path())
        raw = request.GET.get("days", "")
        days = int(raw) if raw.isdigit() and int(raw) in PERIODS else PERIODS[0]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Search insights"),
            "days": days,
            "periods": PERIODS,
            **search_insights(days=days),
        }
        return TemplateResponse(request, "admin/search/insights.html", context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
