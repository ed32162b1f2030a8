"""Answer pages: home, the list of each kind, channel, issue, tip, guide section, question
and question category (staff also see drafts)."""

from heapq import merge
from itertools import islice

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from faq import seo
from faq.kinds import entry_models, kind_named, kinds
from faq.models import (
    Category,
    Channel,
    Entry,
    Issue,
    IssueChannel,
    Question,
    QuestionChannel,
    Section,
    Tip,
)

# The home page shows a few of each kind (faq/kinds.py home_limit), in the guide's order;
# the rest are a link away, so that no page grows with the corpus.
HOME_RECENT = 5
LIST_PAGE_SIZE = 20
# "Recently updated" is a short history, not a second index of everything.
RECENT_MAX = 100


def published_channel_links() -> Prefetch:
    """Return a prefetch of an issue's recommended channels, published ones only, in order."""
    return Prefetch(
        "channel_links",
        queryset=IssueChannel.objects.filter(channel__is_published=True).select_related("channel"),
    )


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context, more = {}, {}
    for kind in kinds():
        # One more than shown says whether to link to the full list, without a count.
        first = list(kind.model.objects.published()[: kind.home_limit + 1])
        context[f"{kind.name}s"], more[kind.name] = (
            first[: kind.home_limit],
            len(first) > kind.home_limit,
        )
    context["more"] = more
    context["recent"] = recently_updated(HOME_RECENT)
    context["breadcrumbs"] = seo.breadcrumbs()
    return render(request, "faq/home.html", context)


def recently_updated(limit: int) -> list[Entry]:
    """Return the most recently updated published entries of every kind, newest first."""
    newest_first = (
        model.objects.published().order_by("-updated_at", "pk")[:limit]
        for model in entry_models().values()
    )
    return list(islice(merge(*newest_first, key=lambda e: e.updated_at, reverse=True), limit))


@require_safe
def entry_list(request: HttpRequest, kind: str) -> HttpResponse:
    model = kind_named(kind).model
    title = kind_named(kind).list_title
    page = list_page(request, model.objects.published())
    crumbs = seo.breadcrumbs((title, reverse(model.list_url_name)))
    context = {"title": title, "page": page, "kind": kind, "breadcrumbs": crumbs}
    return render(request, "faq/entry_list.html", context)


@require_safe
def recent_list(request: HttpRequest) -> HttpResponse:
    title = _("Recently updated")
    page = list_page(request, recently_updated(RECENT_MAX))
    crumbs = seo.breadcrumbs((title, reverse("faq:recent")))
    context = {"title": title, "page": page, "kind": None, "breadcrumbs": crumbs, "dated": True}
    return render(request, "faq/entry_list.html", context)


def list_page(request: HttpRequest, entries) -> Page:
    """Return the page of entries asked for; anything but ASCII digits is the first page."""
    raw = request.GET.get("page", "")
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else 1
    return Paginator(entries, LIST_PAGE_SIZE).get_page(number)


def entry_breadcrumbs(entry: Entry, kind: str) -> list[dict]:
    """Return the trail: Home, the list of the entry's kind, the entry."""
    kind_list = (kind_named(kind).list_title, reverse(entry.list_url_name))
    return seo.breadcrumbs(kind_list, (str(entry), entry.get_absolute_url()))


@require_safe
def channel_detail(request: HttpRequest, slug: str) -> HttpResponse:
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).prefetch_related("steps", "notes"), slug=slug
    )
    context = {
        "channel": channel,
        "issues": issues_recommending(channel, kind_named("issue").home_limit),
        "breadcrumbs": entry_breadcrumbs(channel, "channel"),
        "structured_data": [seo.how_to(request, channel)],
    }
    return render(request, "faq/channel.html", context)


def issues_recommending(channel: Channel, limit: int) -> list[Issue]:
    """Return the first published issues (in the guide's order) that recommend the channel.

    The ids come first: thousands of issues may recommend one channel, and sorting whole
    rows to keep a dozen is what made this page slow.
    """
    ids = list(
        IssueChannel.objects.filter(channel=channel, issue__is_published=True)
        .order_by("issue__order", "issue__slug")
        .values_list("issue_id", flat=True)[:limit]
    )
    return list(Issue.objects.filter(pk__in=ids))


@require_safe
def issue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    issue = get_object_or_404(
        Issue.objects.visible_to(request.user).prefetch_related(published_channel_links()),
        slug=slug,
    )
    context = {
        "issue": issue,
        "breadcrumbs": entry_breadcrumbs(issue, "issue"),
        "structured_data": [seo.faq_page(request, issue)],
    }
    return render(request, "faq/issue.html", context)


@require_safe
def tip_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tip = get_object_or_404(Tip.objects.visible_to(request.user), slug=slug)
    context = {"tip": tip, "breadcrumbs": entry_breadcrumbs(tip, "tip")}
    return render(request, "faq/tip.html", context)


@require_safe
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section.objects.visible_to(request.user), slug=slug)
    context = {"section": section, "breadcrumbs": entry_breadcrumbs(section, "section")}
    if section.slug == "channels-overview":
        context["channels"] = Channel.objects.published()[: kind_named("channel").home_limit]
    return render(request, "faq/section.html", context)


@require_safe
def question_detail(request: HttpRequest, slug: str) -> HttpResponse:
    links = QuestionChannel.objects.filter(channel__is_published=True).select_related("channel")
    question = get_object_or_404(
        Question.objects.visible_to(request.user)
        .select_related("category")
        .prefetch_related(Prefetch("channel_links", queryset=links)),
        slug=slug,
    )
    context = {
        "question": question,
        "breadcrumbs": question_breadcrumbs(question),
        "structured_data": [seo.question_page(request, question)],
    }
    return render(request, "faq/question.html", context)


def question_breadcrumbs(question: Question) -> list[dict]:
    """Return the trail: Home, the question's category (or the list of questions), the question."""
    category = question.category
    if category is None:
        return entry_breadcrumbs(question, "question")
    here = (str(question), question.get_absolute_url())
    return seo.breadcrumbs((str(category), category.get_absolute_url()), here)


@require_safe
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    questions = category.questions.visible_to(request.user)
    if not questions.exists():
        raise Http404
    crumbs = seo.breadcrumbs((str(category), category.get_absolute_url()))
    context = {"category": category, "page": list_page(request, questions), "breadcrumbs": crumbs}
    return render(request, "faq/category.html", context)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Let crawlers read every answer page, but not the admin or search results."""
    disallowed = ["/admin/", *(f"/{code}/search/" for code, _name in settings.LANGUAGES)]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """Answer "ok": for load balancers, and the framework's floor in benchmarks."""
    return HttpResponse("ok", content_type="text/plain")
