"""The index change log shared by every node: recording, snapshots, nodes and pruning.

Each edit writes a row in the edit's own transaction (search.models.IndexChange). Its id
is its position. Readers follow the log by position, so ids must become visible in order:
SQLite serialises writers already; on PostgreSQL a transaction-scoped advisory lock makes
every transaction that logs a change wait for the previous one to commit, so a reader
never sees change n+1 while change n could still appear. Edits are rare next to searches
(tens a minute), so this costs nothing that matters.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Min
from django.utils import timezone

from search.models import ChangeLogFloor, IndexChange, IndexNode

logger = logging.getLogger(__name__)

# Any constant: the advisory lock that orders change-log writers on PostgreSQL.
LOG_LOCK_KEY = 7_311_046
# A node tells the others it is alive at most this often (it writes a row).
HEARTBEAT_SECONDS = 30.0
PRUNE_SECONDS = 60.0

_last_heartbeat = 0.0
_last_prune = 0.0
_beating = threading.Lock()


def record_change(label: str, pk: int) -> None:
    """Log that an entry ("app.model", pk) changed, in the caller's transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOG_LOCK_KEY])
        IndexChange.objects.create(model=label, object_pk=pk)


@contextlib.contextmanager
def snapshot() -> Iterator[None]:
    """Read the log's head and the entries from one consistent state of the database.

    On PostgreSQL, a read-only repeatable-read transaction. On SQLite, whose writers are
    serialised, nothing: an edit committed during a rebuild is applied again afterwards,
    which rewrites the entry from the database and changes nothing.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def node_name() -> str:
    return settings.SEARCH_NODE_NAME


def report_position(position: int) -> None:
    """Record this node's position and that it is alive; prune now and then."""
    global _last_heartbeat
    IndexNode.objects.update_or_create(
        name=node_name(), defaults={"position": position, "last_seen": timezone.now()}
    )
    _last_heartbeat = time.monotonic()
    if time.monotonic() - _last_prune >= PRUNE_SECONDS:
        prune()


def heartbeat(position: int) -> None:
    """Tell the other nodes this one is alive, at most every HEARTBEAT_SECONDS.

    Called before each search (search/keeper.py); the row is written by a thread of its
    own (SEARCH_HEARTBEAT_IN_BACKGROUND), so no search waits for the database's write
    lock behind editors, as the query log does not either (search/querylog.py).
    """
    global _last_heartbeat
    if time.monotonic() - _last_heartbeat < HEARTBEAT_SECONDS:
        return
    _last_heartbeat = time.monotonic()  # one try per interval, even when the write fails
    if not settings.SEARCH_HEARTBEAT_IN_BACKGROUND:
        _beat(position)
    elif _beating.acquire(blocking=False):  # one heartbeat thread at a time
        threading.Thread(
            target=_beat_then_release, args=(position,), name="node-heartbeat", daemon=True
        ).start()


def _beat(position: int) -> None:
    try:
        report_position(position)
    except Exception:
        logger.exception("Could not record this node's heartbeat")


def _beat_then_release(position: int) -> None:
    try:
        _beat(position)
    finally:
        connections.close_all()  # this thread's own connections
        _beating.release()


def live_nodes():
    cutoff = timezone.now() - timedelta(seconds=settings.SEARCH_NODE_TIMEOUT)
    return IndexNode.objects.filter(last_seen__gte=cutoff)


def prune() -> int:
    """Delete the changes every live node has applied; return how many."""
    global _last_prune
    _last_prune = time.monotonic()
    through = live_nodes().aggregate(lowest=Min("position"))["lowest"]
    if not through:
        return 0
    with transaction.atomic():
        floor, _created = ChangeLogFloor.objects.select_for_update().get_or_create(pk=1)
        if through <= floor.pruned_through:
            return 0
        deleted, _ = IndexChange.objects.filter(pk__lte=through).delete()
        floor.pruned_through = through
        floor.save(update_fields=["pruned_through"])
    return deleted


def pruned_through() -> int:
    """Return the newest position the log no longer holds (0 if nothing was pruned)."""
    floor = ChangeLogFloor.objects.filter(pk=1).values_list("pruned_through", flat=True).first()
    return floor or 0
