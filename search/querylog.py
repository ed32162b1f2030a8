"""Recording searches (and result clicks) for the query log without a database write per
search.

Each process buffers the rows and writes them in one INSERT every SEARCH_LOG_BATCH rows
or SEARCH_LOG_SECONDS seconds, and when it exits: a synchronous INSERT per search cost
more than the search itself under load (docs/performance.md). A failure to write is
logged, never raised into a search.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time

from django.conf import settings
from django.db import transaction

from search import audience
from search.models import QueryLog, SearchClick

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: list[QueryLog] = []
_last_flush = time.monotonic()


def record(entry: QueryLog | SearchClick) -> None:
    """Queue a log row, marked with who asked; write the queue when full or old enough."""
    global _last_flush
    if not entry.visitor:
        entry.audience, entry.visitor = audience.current()
    with _lock:
        _pending.append(entry)
        due = (
            len(_pending) >= settings.SEARCH_LOG_BATCH
            or time.monotonic() - _last_flush >= settings.SEARCH_LOG_SECONDS
        )
        if not due:
            return
        rows, _pending[:] = list(_pending), []
        _last_flush = time.monotonic()
    _write(rows)


def flush() -> None:
    """Write every queued row now."""
    with _lock:
        rows, _pending[:] = list(_pending), []
    _write(rows)


def _write(rows: list[QueryLog]) -> None:
    if not rows:
        return
    try:
        with transaction.atomic():
            for model in (QueryLog, SearchClick):
                if kept := [row for row in rows if type(row) is model]:
                    model.objects.bulk_create(kept)
    except Exception:
        logger.exception("could not record %d searches", len(rows))


atexit.register(flush)
