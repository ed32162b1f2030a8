"""A node's housekeeping for its index replica, done before a search runs, never by it.

Searches only read (search/services.py). Keeping this node's index up to the change log
(edits made through other processes or nodes, or a write that was blocked or failed),
telling the other nodes it is alive, and rebuilding an index that is missing or missed
pruned changes happen here, in `IndexKeeperMiddleware`, before a view that reads the
index runs. A middleware, rather than a thread per process, because it needs no thread
to start, watch and stop in every server and test, works in the request's own database
connection and transaction, and costs nothing on the pages that do not search.

The guarantee: a search answers from an index that has applied the change log up to the
head read at the start of its request, except
- during a burst of edits: the index takes one commit per SEARCH_COMMIT_INTERVAL (1 s),
  and a search meanwhile answers from the previous snapshot (a timer of this process
  applies the changes when the interval is up, if no other writer has);
- while another writer is still at work on the index after SEARCH_CATCH_UP_WAIT seconds
  (0.05): the search answers from the previous snapshot, and the writer's commit reaches
  the next search;
- when more than one batch of changes is waiting: the rest is applied in the background.
So a visitor never waits for another writer longer than SEARCH_CATCH_UP_WAIT. When no one
is writing and no burst is going on, the search applies what is missing itself, at most
one batch (indexing.APPLY_BATCH entries, milliseconds each; after an edit the editor's own
writer has normally done it already); the rest of a backlog, like a rebuild, is applied in
a thread of its own, never waited for.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection

from search import changelog, indexing
from search.snapshot import SearchSnapshot, current_snapshot, read_versions

logger = logging.getLogger(__name__)

_rebuilding = threading.Lock()
# How often a search waiting for another writer looks at the index's position again.
LOCK_POLL = 0.002
# A search process applies a burst's changes itself only this long after they are due.
KEEPER_GRACE = 0.25
# A commit less than this many SEARCH_COMMIT_INTERVALs ago means a burst is going on.
BURST_INTERVALS = 2.0


def ready_snapshot() -> SearchSnapshot:
    """Return the snapshot a search should read, after bringing the index up to the log."""
    versions = read_versions()
    snapshot = current_snapshot(versions)
    if snapshot.index is None:
        in_background(indexing.ensure_index)
    elif versions.log_head > snapshot.position:
        catch_up(versions.log_head)
        # The editors' data as this request read it (reading it again cost a query per
        # search during bursts); the index's newest generation, as always.
        snapshot = current_snapshot(versions)
    changelog.heartbeat(snapshot.position)
    return snapshot


def catch_up(head: int | None = None) -> int:
    """Apply the changes this node's index lacks, within the bounded wait; return how many.

    While another writer holds the index, wait until its commits cover `head` (the log's
    head when the request began), the lock is free, or SEARCH_CATCH_UP_WAIT has passed,
    whichever comes first; then answer from the newest snapshot there is. During a burst
    of edits (a commit less than BURST_INTERVALS intervals ago) do neither: the editors'
    writers commit when the interval is up. Writers look at the log again after each
    commit (indexing.apply_after_edit), so a search rarely has anything left to apply
    itself; when it has, one batch here, and a longer backlog (a node back after a while, a
    burst of imports) goes on in the background, so the next searches find it applied.
    """
    deadline = time.monotonic() + settings.SEARCH_CATCH_UP_WAIT
    try:
        while True:
            if head is not None and indexing.read_position() >= head:
                return 0
            due = burst_commit_due()
            if due is not None:
                # A burst: its next commit is made by the editors' processes; a search
                # does not write it. This process's timer comes a little later, in case
                # none of them is still there to make it.
                indexing.deferred.schedule(due + KEEPER_GRACE)
                return 0
            try:
                applied = indexing.apply_pending(
                    timeout=0,
                    max_batches=1,
                    rebuild=lambda: in_background(indexing.rebuild_or_wait),
                )
                break
            except indexing.IndexBusy:
                if time.monotonic() >= deadline:
                    logger.info("Another writer holds the index: searching the previous snapshot")
                    return 0
                time.sleep(LOCK_POLL)
    except Exception:
        logger.exception("Searching an index that is behind the change log")
        return 0
    if applied and indexing.behind():
        in_background(indexing.apply_pending)
    return applied


def burst_commit_due() -> float | None:
    """Return in how many seconds the next commit of a burst of edits is due, or None when
    no burst is going on: a burst is this process's commit timer set, or a commit less than
    BURST_INTERVALS SEARCH_COMMIT_INTERVALs ago (its position file read once)."""
    if indexing.deferred.pending():
        return 0.0  # the timer set is the one that makes it
    committed, interval = indexing.last_commit_time(), settings.SEARCH_COMMIT_INTERVAL
    now = time.time()
    if committed is None or interval <= 0 or now >= committed + BURST_INTERVALS * interval:
        return None
    return max(0.0, committed + interval - now)


def in_background(task: Callable[[], object]) -> None:
    """Run a task in a thread of its own, unless one is running already."""
    if _rebuilding.acquire(blocking=False):
        threading.Thread(target=_run_then_release, args=(task,), daemon=True).start()


def background_done(timeout: float) -> bool:
    """Wait at most `timeout` seconds for this process's background task (if one runs) to
    end; return whether none runs now. Tests wait so, one test's work never reaching into
    the next one's database."""
    if not _rebuilding.acquire(timeout=timeout):
        return False
    _rebuilding.release()
    return True


def _run_then_release(task: Callable[[], object]) -> None:
    try:
        task()
    except Exception:
        logger.exception("Rebuilding the search index failed")
    finally:
        connection.close()  # this thread's own connection
        _rebuilding.release()


def reads_index(view):
    """Mark a view as one that searches: the keeper gets the index ready before it runs."""
    view.reads_search_index = True
    return view


class IndexKeeperMiddleware:
    """Before a view marked with `reads_index`, ready the index and give the request the
    snapshot to search (`request.search_snapshot`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "reads_search_index", False):
            request.search_snapshot = ready_snapshot()
        return None
