"""Who is searching, known to the query log without passing the request down to it.

The middleware stores the request's audience and visitor key in a context variable that
search/querylog.py reads when it queues a row, so staff's test searches, API clients and
bots are counted apart from visitors (faq/visitors.py says how each is told).
"""

from __future__ import annotations

import contextvars

from faq.visitors import VISITOR, audience_of, visitor_key

_current: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar(
    "search_audience", default=(VISITOR, "")
)


def current() -> tuple[str, str]:
    """Return (audience, visitor key) of the request being answered."""
    return _current.get()


class AudienceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set((audience_of(request), visitor_key(request)))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
