"""Recording searches (and result clicks) for the query log without a database write per
search.

Each process buffers the rows and writes them in one INSERT every SEARCH_LOG_BATCH rows
or SEARCH_LOG_SECONDS seconds, and when it exits: a synchronous INSERT per search cost
more than the search itself under load (docs/performance.md). The INSERT runs in a thread
of its own (SEARCH_LOG_IN_BACKGROUND), so no search waits for the database's write lock
while editors save (with SQLite, every 50th search did, up to the busy timeout). A failure
to write is logged, never raised into a search.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import threading
import time

from django.conf import settings
from django.db import connections, transaction

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
    if settings.SEARCH_LOG_IN_BACKGROUND:
        _writer().put(rows)
    else:
        _write(rows)


def flush(timeout: float = 10.0) -> None:
    """Write every queued row now, and wait (at most `timeout` seconds) for the batches
    handed to the writer thread."""
    with _lock:
        rows, _pending[:] = list(_pending), []
    _write(rows)
    if _background is not None and _background.pid == os.getpid():
        _background.wait(timeout)


class _Writer:
    """One thread per process that writes the batches handed to it, in order."""

    def __init__(self):
        self.pid = os.getpid()
        self.batches: queue.Queue[list] = queue.Queue()
        threading.Thread(target=self._run, name="query-log-writer", daemon=True).start()

    def put(self, rows: list) -> None:
        self.batches.put(rows)

    def wait(self, timeout: float) -> None:
        """Return when every batch handed over is written, or after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while self.batches.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)

    def _run(self) -> None:
        while True:
            rows = self.batches.get()
            try:
                _write(rows)
            finally:
                connections.close_all()  # this thread's own connections
                self.batches.task_done()


_background: _Writer | None = None


def _writer() -> _Writer:
    """Return this process's writer thread, started on first use (a forked worker starts
    its own: threads do not survive fork)."""
    global _background
    with _lock:
        if _background is None or _background.pid != os.getpid():
            _background = _Writer()
        return _background


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
