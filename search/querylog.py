"""Recording searches (and result clicks) for the query log without a database write in
a search request.

Each process buffers the rows and hands them over in one batch every SEARCH_LOG_BATCH rows
or SEARCH_LOG_SECONDS seconds: a synchronous INSERT per search cost more than the search
itself under load (docs/performance.md). A thread of the process writes the batches
(SEARCH_LOG_IN_BACKGROUND), so no search waits for the database's write lock: with SQLite,
the search that completed a batch used to wait behind the editors' transactions, the tail
of p95 during edit bursts (issue 17).

A thread rather than a request that tries without waiting and keeps the batch when the
database is busy: neither database says "busy" without waiting first (SQLite waits its busy
timeout unless a connection of its own sets none; PostgreSQL needs lock_timeout or NOWAIT
per statement), a request that does get the lock still holds it for the INSERT, and a kept
batch grows for as long as editors keep the database busy. The thread waits as long as it
takes, on either database, while searches go on; what it cannot keep up with is bounded
(SEARCH_LOG_QUEUE batches: the oldest is dropped, counted and logged).

Nothing is lost in normal operation: the thread writes rows left waiting longer than
SEARCH_LOG_SECONDS by itself, tries a batch again after an OperationalError (a lock held
past SQLite's busy timeout, a lost connection), and `shutdown()` at exit writes the rest
(gunicorn's workers leave through sys.exit, so atexit runs). A process killed outright
loses what it buffered. A failure to write is logged, never raised into a search.
"""

from __future__ import annotations

import atexit
import collections
import logging
import os
import threading
import time

from django.conf import settings
from django.db import OperationalError, close_old_connections, connections, transaction

from search import audience
from search.models import QueryLog, SearchClick

logger = logging.getLogger(__name__)

Row = QueryLog | SearchClick
# Tries of a batch the database refused with an OperationalError; with SQLite each waits
# the busy timeout (5 s) for the write lock.
WRITE_ATTEMPTS = 3
# The least time between two warnings about dropped rows (one per batch would flood the log
# for as long as the database is away).
DROP_WARNING_INTERVAL = 60.0

_lock = threading.Lock()
_pending: list[Row] = []
_last_handover = time.monotonic()
_dropped = 0


def record(entry: Row) -> None:
    """Queue a log row, marked with who asked; hand the queue over when full or old enough."""
    if not entry.visitor:
        entry.audience, entry.visitor = audience.current()
    with _lock:
        _pending.append(entry)
        rows = _take_pending(due_only=True)
    if settings.SEARCH_LOG_IN_BACKGROUND:
        _writer().put(rows)  # started by the first search, so its timer writes a lone one
    else:
        _write(rows)


def flush(timeout: float = 10.0) -> bool:
    """Write every queued row now; return whether this process's writer thread wrote what
    it was handed within `timeout` seconds."""
    with _lock:
        rows = _take_pending(due_only=False)
    writer = _running_writer()
    if writer is None:
        _write(rows)
        return True
    writer.put(rows)
    return writer.wait(timeout)


def shutdown(timeout: float = 10.0) -> None:
    """Flush, then stop this process's writer thread, which closes its database connection;
    give up after `timeout` seconds in all."""
    deadline = time.monotonic() + timeout
    written = flush(timeout)
    if (writer := _running_writer()) is None:
        return
    if not written:
        logger.warning("query log: %d searches not written at exit", writer.waiting_rows())
    writer.stop(max(0.0, deadline - time.monotonic()))


def dropped() -> int:
    """Return how many rows this process dropped because its writer could not keep up."""
    return _dropped


def _take_pending(*, due_only: bool) -> list[Row]:
    """Return and forget the queued rows; with due_only, only when a batch is due. The
    caller holds _lock."""
    global _last_handover
    due = (
        len(_pending) >= settings.SEARCH_LOG_BATCH
        or time.monotonic() - _last_handover >= settings.SEARCH_LOG_SECONDS
    )
    if not _pending or (due_only and not due):
        return []
    rows, _pending[:] = list(_pending), []
    _last_handover = time.monotonic()
    return rows


def _take_due() -> list[Row]:
    with _lock:
        return _take_pending(due_only=True)


class _Writer:
    """A thread of this process that writes the batches handed to it, oldest first, and
    the rows that waited SEARCH_LOG_SECONDS for a batch to fill."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.batches: collections.deque[list[Row]] = collections.deque()
        self.writing = False
        self.stopping = False
        self.changed = threading.Condition()
        self._unreported, self._warned_at = 0, float("-inf")
        self.thread = threading.Thread(target=self._run, name="query-log-writer", daemon=True)
        self.thread.start()

    def running(self) -> bool:
        """Return whether this is a thread of this process (threads do not survive fork)
        that was not stopped."""
        return self.pid == os.getpid() and self.thread.is_alive() and not self.stopping

    def put(self, rows: list[Row]) -> None:
        """Queue a batch; past SEARCH_LOG_QUEUE batches waiting, drop the oldest."""
        if not rows:
            return
        with self.changed:
            self.batches.append(rows)
            while len(self.batches) > settings.SEARCH_LOG_QUEUE:
                self._drop(self.batches.popleft())
            self.changed.notify_all()

    def wait(self, timeout: float) -> bool:
        """Return True once every batch handed over is written, False after `timeout` s."""
        with self.changed:
            return self.changed.wait_for(lambda: not self.batches and not self.writing, timeout)

    def waiting_rows(self) -> int:
        with self.changed:
            return sum(len(rows) for rows in self.batches)

    def stop(self, timeout: float) -> None:
        """Write what is queued, then end the thread (waiting at most `timeout` seconds)."""
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
        self.thread.join(timeout)

    def _run(self) -> None:
        try:
            while (rows := self._next_batch()) is not None:
                try:
                    if rows:
                        self._write(rows)
                    else:  # idle for SEARCH_LOG_SECONDS: keep no connection open
                        connections.close_all()
                finally:
                    with self.changed:
                        self.writing = False
                        self.changed.notify_all()
        finally:
            connections.close_all()  # the connections this thread opened
            if self._unreported:
                self._warn_dropped()

    def _next_batch(self) -> list[Row] | None:
        """Return the next batch, the rows due by age, or [] (nothing to write after
        SEARCH_LOG_SECONDS); None once stopped with nothing queued."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.batches or self.stopping, settings.SEARCH_LOG_SECONDS
            )
            if not self.batches and self.stopping:
                return None
            self.writing = True  # before releasing the condition, so wait() waits for it
            if self.batches:
                return self.batches.popleft()
        return _take_due()  # outside the condition: record() takes _lock, then the condition

    def _write(self, rows: list[Row]) -> None:
        """Write a batch, trying again after an OperationalError (a second later, then two,
        sooner when stopping); log, never raise, a failure."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                # As Django does around each request: a connection past CONN_MAX_AGE, or
                # one an error left unusable, is replaced.
                close_old_connections()
                _insert(rows)
                return
            except OperationalError:
                if attempt == WRITE_ATTEMPTS:
                    logger.exception("could not record %d searches", len(rows))
                    return
            except Exception:
                logger.exception("could not record %d searches", len(rows))
                return
            with self.changed:
                self.changed.wait_for(lambda: self.stopping, timeout=attempt)

    def _drop(self, rows: list[Row]) -> None:
        global _dropped
        _dropped += len(rows)
        self._unreported += len(rows)
        if time.monotonic() - self._warned_at >= DROP_WARNING_INTERVAL:
            self._warn_dropped()

    def _warn_dropped(self) -> None:
        logger.warning(
            "query log: dropped the oldest %d searches, the database did not keep up "
            "(%d dropped by this process)",
            self._unreported,
            _dropped,
        )
        self._unreported, self._warned_at = 0, time.monotonic()


_background: _Writer | None = None


def _writer() -> _Writer:
    """Return this process's writer thread, started on first use (a forked worker starts
    its own)."""
    global _background
    with _lock:
        if _background is None or not _background.running():
            _background = _Writer()
        return _background


def _running_writer() -> _Writer | None:
    writer = _background
    return writer if writer is not None and writer.running() else None


def _write(rows: list[Row]) -> None:
    """Write the rows in the calling thread; log, never raise, a failure."""
    if not rows:
        return
    try:
        _insert(rows)
    except Exception:
        logger.exception("could not record %d searches", len(rows))


def _insert(rows: list[Row]) -> None:
    with transaction.atomic():
        for model in (QueryLog, SearchClick):
            if kept := [row for row in rows if type(row) is model]:
                model.objects.bulk_create(kept)


atexit.register(shutdown)
