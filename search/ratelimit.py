"""Per-client rate limit for the search APIs, from SEARCH_API_RATE_LIMIT ("120/m"; "0" off).

A fixed window per client address, counted in Django's cache (per process with the
default local-memory cache: each worker allows the full rate). Over the limit the API
answers 429 with Retry-After and says the limit.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

UNITS = {"s": 1, "m": 60, "h": 3600}
RATE = re.compile(r"^\s*(\d+)\s*/\s*([smh])\s*$")


@functools.lru_cache(maxsize=8)
def parse_rate(value: str) -> tuple[int, int] | None:
    """Return (requests, seconds) for "120/m", or None when the limit is off ("0")."""
    if value.strip() == "0":
        return None
    match = RATE.match(value)
    if not match or int(match.group(1)) == 0:
        raise ImproperlyConfigured(
            f"SEARCH_API_RATE_LIMIT must look like 120/m (per s, m or h) or be 0, not {value!r}"
        )
    return int(match.group(1)), UNITS[match.group(2)]


def rate_limited(view: Callable) -> Callable:
    """Answer 429 when a client exceeds SEARCH_API_RATE_LIMIT."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        rate = parse_rate(settings.SEARCH_API_RATE_LIMIT)
        if rate is not None:
            limit, seconds = rate
            window = int(time.time() // seconds)
            key = f"search-rate:{request.META.get('REMOTE_ADDR', '')}:{window}"
            cache.add(key, 0, timeout=seconds + 1)
            if cache.incr(key) > limit:
                retry_after = seconds - int(time.time()) % seconds
                message = _("Too many requests: at most %(limit)d per %(seconds)d s.") % {
                    "limit": limit,
                    "seconds": seconds,
                }
                response = JsonResponse({"error": message}, status=429)
                response["Retry-After"] = str(retry_after)
                return response
        return view(request, *args, **kwargs)

    return wrapped
