"""Result clicks: the results page's links ping this view (the HTML `ping` attribute, no
script), which queues the click for the query log's next batched write."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from search import querylog
from search.analysis import MAX_QUERY_LENGTH, normalize_query
from search.config import KINDS, LANGUAGES
from search.models import SearchClick

MAX_POSITION = 1000


# A ping carries no CSRF token and changes nothing but a counter (like an access log).
@csrf_exempt
@require_POST
def record_click(request: HttpRequest) -> HttpResponse:
    """Record which result of a query was opened (204); ignore what does not parse (400)."""
    click = _parse(request.GET)
    if click is None:
        return HttpResponse(status=400)
    querylog.record(click)
    return HttpResponse(status=204)


def _parse(params) -> SearchClick | None:
    kind, slug, lang = params.get("kind", ""), params.get("slug", ""), params.get("lang", "")
    position, query = params.get("pos", ""), params.get("q", "")[:MAX_QUERY_LENGTH]
    if kind not in KINDS or lang not in LANGUAGES or not position.isdigit():
        return None
    if not 0 < int(position) <= MAX_POSITION or not slug or len(slug) > 80:
        return None
    return SearchClick(
        query=normalize_query(query)[:200],
        lang=lang,
        kind=kind,
        slug=slug,
        position=int(position),
        created_at=timezone.now(),
    )
