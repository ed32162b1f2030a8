"""The search page and the JSON search API; both call `faq_search`."""

import functools

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language, gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from faq.models import Channel, Issue
from search.analysis import MAX_QUERY_LENGTH
from search.config import KIND_LABELS, KINDS, LANGUAGES, MAX_SUGGESTIONS, PAGE_SIZE
from search.keeper import reads_index
from search.params import BadParameter, cut_to_length, language_asked, search_params
from search.ratelimit import page_rate_limited, rate_limited
from search.services import SearchResults, faq_search
from search.suggest import faq_suggest

BROWSE_CHANNELS, BROWSE_ISSUES = 8, 12


@reads_index
@require_safe
@page_rate_limited
def search_page(request: HttpRequest) -> HttpResponse:
    get, context = request.GET, {}
    if len(query := get.get("q", "")) > MAX_QUERY_LENGTH and "\x00" not in query:
        # A long question (a pasted complaint) is searched by its beginning, not refused.
        get = get.copy()
        get["q"], context["shortened"] = cut_to_length(query), MAX_QUERY_LENGTH
    # Echoed in the search box and the title: never longer than a query can be.
    context["query"] = get.get("q", "")[:MAX_QUERY_LENGTH]
    status = 200
    try:
        params = search_params(get)
    except BadParameter as error:
        context["error"], status = str(error), 400
    else:
        context["results"] = None
        if params.q.strip():
            context.update(_results_context(request, params))
            if context["page"].number != _page_number(request.GET.get("page")):
                # Past the last page: the last page is what there is.
                return redirect(_with_page(request, context["page"].number))
    if context.get("results") is None or not context["results"].total:
        # A few to start from, not every entry: the page must not grow with the corpus.
        context["channels"] = Channel.objects.published()[:BROWSE_CHANNELS]
        context["issues"] = Issue.objects.published()[:BROWSE_ISSUES]
    return render(request, "search/search.html", context, status=status)


def _results_context(request: HttpRequest, params) -> dict:
    page_number = _page_number(request.GET.get("page"))
    results = faq_search(
        query=params.q,
        lang=get_language(),
        kind=params.kind,
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
        record=page_number == 1,
        snapshot=getattr(request, "search_snapshot", None),
    )
    return {
        "results": results,
        "page": _page(results, page_number),
        "kinds": _kinds(results),
        "all_count": sum(results.kind_counts.values()),
    }


def _page_number(raw: str | None) -> int:
    """Return the page asked for, or 1 for anything but 1 to 4 ASCII digits."""
    # str.isdigit() accepts "²" and "٣", which int() refuses or reads as another number.
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 4:
        return 1
    return max(int(raw), 1)


def _with_page(request: HttpRequest, number: int) -> str:
    """Return this page's URL showing another page of results (the first needs no number)."""
    query = request.GET.copy()
    query.pop("page", None)
    if number > 1:
        query["page"] = str(number)
    return f"{request.path}?{query.urlencode()}"


def _page(results: SearchResults, number: int) -> Page:
    """Return a paginator page over the total, so templates get Django's usual page object."""
    paginator = Paginator(range(results.total), PAGE_SIZE)
    return paginator.get_page(number)


def _kinds(results: SearchResults) -> list[dict]:
    """Return the kind filter's options with their counts, kinds without hits left out."""
    return [
        {"kind": kind, "label": KIND_LABELS[kind], "count": results.kind_counts.get(kind, 0)}
        for kind in KINDS
        if results.kind_counts.get(kind)
    ]


def json_api(view):
    """Make a view a JSON search API: GET and HEAD only, rate-limited, parameters checked
    (400 with the reason), called with them and the answer's language."""

    @csrf_exempt  # nothing but GET and HEAD gets past the first line
    @reads_index  # marks the view the URL resolves to: the keeper readies the index first
    @functools.wraps(view)
    def api(request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            error = gettext("Only GET and HEAD are allowed here.")
            response = JsonResponse({"error": error}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        return checked(request)

    @rate_limited
    def checked(request: HttpRequest) -> JsonResponse:
        asked = language_asked(request.GET)
        # An error is told in the language asked for, when it is one; else the request's.
        told = asked if asked in LANGUAGES else get_language()
        with translation.override(told):
            try:
                params = search_params(request.GET)
            except BadParameter as error:
                response = JsonResponse({"error": str(error)}, status=400)
                response["Content-Language"] = told
                return response
        lang = params.lang or settings.LANGUAGE_CODE
        response = JsonResponse(
            view(request, params, lang), json_dumps_params={"ensure_ascii": False}
        )
        # The answer's language is the one asked for, not the request's (LocaleMiddleware
        # would set the Accept-Language one).
        response["Content-Language"] = lang
        return response

    return api


@json_api
def search_api(request: HttpRequest, params, lang: str) -> dict:
    results = faq_search(
        query=params.q,
        lang=lang,
        kind=params.kind,
        limit=params.limit,
        snapshot=getattr(request, "search_snapshot", None),
    )
    return {
        "query": results.query,
        "lang": lang,
        "total": results.total,
        "suggestion": results.suggestion,
        "results": [
            {
                "kind": hit.kind,
                "slug": hit.slug,
                "title": hit.title,
                "url": hit.url,
                "snippet": str(hit.snippet),
                "score": hit.score,
            }
            for hit in results.hits
        ],
    }


@json_api
def suggest_api(request: HttpRequest, params, lang: str) -> dict:
    suggestions = faq_suggest(
        prefix=params.q,
        lang=lang,
        kind=params.kind,
        limit=min(params.limit, MAX_SUGGESTIONS),
        snapshot=getattr(request, "search_snapshot", None),
    )
    return {
        "query": params.q.strip(),
        "lang": lang,
        "suggestions": [
            {"text": s.text, "kind": s.kind, "url": s.url, "source": s.source} for s in suggestions
        ],
    }
