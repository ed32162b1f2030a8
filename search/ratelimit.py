"""Per-client rate limits: SEARCH_API_RATE_LIMIT on the JSON APIs, SEARCH_PAGE_RATE_LIMIT on
the search page ("120/m"; "0" off).

A fixed window per client address (behind DJANGO_TRUSTED_PROXIES, the address the proxies
forwarded), counted where every worker and node sees it (edge/counters.py). Clients asking
directly from SEARCH_RATE_LIMIT_EXEMPT (the machine itself, by default) are not counted.
Over the limit the API answers 429 in JSON and the page answers 429 with a page in the
visitor's language; both say the limit and send Retry-After.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from edge.counters import count_request
from edge.proxies import cached_networks, in_networks

UNITS = {"s": 1, "m": 60, "h": 3600}
RATE = re.compile(r"^\s*(\d+)\s*/\s*([smh])\s*$")


@dataclass(frozen=True)
class Refusal:
    """A client over its limit: the limit, and the seconds until its window ends."""

    limit: int
    seconds: int
    retry_after: int

    @property
    def message(self) -> str:
        return _("Too many requests: at most %(limit)d per %(seconds)d s.") % {
            "limit": self.limit,
            "seconds": self.seconds,
        }


@functools.lru_cache(maxsize=8)
def parse_rate(value: str, setting: str = "SEARCH_API_RATE_LIMIT") -> tuple[int, int] | None:
    """Return (requests, seconds) for "120/m", or None when the limit is off ("0")."""
    if value.strip() == "0":
        return None
    match = RATE.match(value)
    if not match or int(match.group(1)) == 0:
        raise ImproperlyConfigured(
            f"{setting} must look like 120/m (per s, m or h) or be 0, not {value!r}"
        )
    return int(match.group(1)), UNITS[match.group(2)]


def check_rate(request: HttpRequest, setting: str) -> Refusal | None:
    """Count this request against the client's limit; return a Refusal when it is over."""
    rate = parse_rate(getattr(settings, setting), setting)
    if rate is None or is_exempt(request):
        return None
    limit, seconds = rate
    now = time.time()
    window = int(now // seconds)
    key = f"{setting}:{request.META.get('REMOTE_ADDR', '')}:{window}"
    if count_request(key, expires=(window + 1) * seconds) <= limit:
        return None
    return Refusal(limit, seconds, retry_after=max(1, (window + 1) * seconds - int(now)))


def is_exempt(request: HttpRequest) -> bool:
    """Return whether the client asked directly from an address in SEARCH_RATE_LIMIT_EXEMPT
    (a request relayed by a proxy carries X-Forwarded-For and is never exempt)."""
    exempt = cached_networks(tuple(settings.SEARCH_RATE_LIMIT_EXEMPT))
    relayed = "HTTP_X_FORWARDED_FOR" in request.META
    return not relayed and in_networks(request.META.get("REMOTE_ADDR", ""), exempt)


def limited_by(setting: str, refuse: Callable[[HttpRequest, Refusal], HttpResponse]):
    """Decorate a view: over the limit in `setting`, answer refuse(request, refusal)."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            refusal = check_rate(request, setting)
            if refusal is None:
                return view(request, *args, **kwargs)
            response = refuse(request, refusal)
            response["Retry-After"] = str(refusal.retry_after)
            return response

        return wrapped

    return decorator


def _json_refusal(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    return JsonResponse({"error": refusal.message}, status=429)


def _page_refusal(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    context = {"refusal": refusal}
    return render(request, "search/rate_limited.html", context, status=429)


def rate_limited(view: Callable) -> Callable:
    """Answer 429 in JSON when a client exceeds SEARCH_API_RATE_LIMIT."""
    return limited_by("SEARCH_API_RATE_LIMIT", _json_refusal)(view)


def page_rate_limited(view: Callable) -> Callable:
    """Answer a 429 page when a client exceeds SEARCH_PAGE_RATE_LIMIT."""
    return limited_by("SEARCH_PAGE_RATE_LIMIT", _page_refusal)(view)
