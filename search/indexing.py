"""Writing the index: full rebuilds switched in atomically, and the change log applied.

SEARCH_INDEX_DIR is a symbolic link to the live build (`<dir>.builds/<name>`). A rebuild
writes every document with one writer (Whoosh's update_document reopens every segment
per document to delete its old copy, which made haystack's rebuild mostly system time),
commits, and then replaces the link in one rename. Searches answer from the old build
until that moment; a rebuild killed halfway leaves the old build serving.

Edits reach the index through the change log (search.models.IndexChange), written in the
edit's own transaction (search/changelog.py). Each build records the log position it
reflects with each commit (`position-<generation>`, see read_position); `apply_pending`
re-indexes every entry changed after it, reading the entry's current state, so no change
is ever dropped.
One process writes at a time: Whoosh allows a single writer, and its LockError would
otherwise lose a change. The lock is a file lock beside the index (`<dir>.lock`).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import itertools
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django import db
from django.apps import apps
from django.conf import settings
from haystack import connections
from haystack.utils import get_identifier
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.reading import SegmentReader

from search import changelog
from search.analysis import token_cache
from search.bulk_writer import RebuildWriter
from search.documents import fingerprint, passages_read_once
from search.models import IndexChange

logger = logging.getLogger(__name__)

POSITION_PATTERN = re.compile(r"position-(\d+)")
# Whoosh's table of contents of each generation (whoosh.index.TOC), renamed into place whole.
TOC_PATTERN = re.compile(r"_MAIN_(\d+)\.toc")
# How long a writer waits for another process's write (a live edit takes milliseconds;
# only the switch at the end of a rebuild holds the lock).
LOCK_TIMEOUT = 30.0
APPLY_BATCH = 500
# A writer that finishes looks at the log again this many times for changes whose own
# writers found the lock taken (apply_after_edit); the keeper applies anything left.
DRAIN_ROUNDS = 5
# A reader retries this often when a writer replaced the file it was reading.
READ_ATTEMPTS = 5
# An edit's commit merges segments only when more than this many hold live documents.
MAX_SEGMENTS = 8


class IndexBusy(Exception):
    """Another process held the index's writer lock for longer than we could wait."""


def live_path() -> Path:
    return Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])


def builds_dir() -> Path:
    return live_path().with_name(live_path().name + ".builds")


def writer_lock(timeout: float | None = None) -> contextlib.AbstractContextManager[None]:
    """Hold this index's writer lock, shared by every process and thread on the machine."""
    return _file_lock(".lock", LOCK_TIMEOUT if timeout is None else timeout)


def rebuild_lock() -> contextlib.AbstractContextManager[None]:
    """Hold the lock that keeps two rebuilds from running at once; fail if it is taken."""
    return _file_lock(".rebuild.lock", 0)


@contextlib.contextmanager
def _file_lock(suffix: str, timeout: float) -> Iterator[None]:
    path = live_path().with_name(live_path().name + suffix)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"{path} is held by another process") from None
                time.sleep(0.005)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_position(build: Path | None = None, generation: int | None = None) -> int:
    """Return the change-log position a build (by default the live one) has applied, as of
    a generation of it (by default its newest).

    The position is written as `position-<generation>` just before the Whoosh commit that
    creates that generation, so it is exactly as durable as the documents: a crash
    before the commit leaves a file for a generation that never came, which is ignored.
    A commit without a new position (a repair) keeps the last one.
    """
    directory = build or live_path()
    # A writer may replace the newest position file between listing and reading: list again.
    for _attempt in range(READ_ATTEMPTS):
        try:
            names = os.listdir(directory)
        except (FileNotFoundError, NotADirectoryError):
            return 0
        newest = _newest_generation(names) if generation is None else generation
        positions = [int(m[1]) for m in map(POSITION_PATTERN.fullmatch, names) if m]
        written = [gen for gen in positions if gen <= newest]
        if not written:
            return 0
        try:
            return int((directory / f"position-{max(written)}").read_text())
        except FileNotFoundError:
            continue
    raise IndexBusy(f"the position in {directory} kept changing while it was read")


def latest_generation(build: Path) -> int:
    """Return the newest committed generation of a build, or -1 if it holds no index."""
    try:
        return _newest_generation(os.listdir(build))
    except (FileNotFoundError, NotADirectoryError):
        return -1


def _newest_generation(names: list[str]) -> int:
    """Return the newest generation whose table of contents is among these file names, as
    Whoosh finds it, without reading it. Opening the index to ask unpickled it: then
    read_position took 108-111 µs, now 31 µs, and a search reads it during every burst."""
    generations = [int(m[1]) for m in map(TOC_PATTERN.fullmatch, names) if m]
    return max(generations, default=-1)


def commit(writer, build: Path, position: int | None, merge=None) -> None:
    """Commit a writer; with a position, record it atomically with the commit. `merge`
    is the Whoosh merge policy (by default Whoosh's own).

    Called with the writer lock held, so the commit creates the generation after the
    newest one: the position file is named for it before the commit makes it real.
    """
    if position is None:
        writer.commit(mergetype=merge)
        return
    generation = latest_generation(build) + 1
    _write_file(build / f"position-{generation}", str(position))
    writer.commit(mergetype=merge)
    # The new generation's position supersedes every older one.
    for name in os.listdir(build):
        match = POSITION_PATTERN.fullmatch(name)
        if match and int(match[1]) < generation:
            (build / name).unlink(missing_ok=True)


def _write_file(path: Path, text: str) -> None:
    """Write a small file durably and atomically: a crash leaves the old one or the new."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with open(temporary, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def log_head() -> int:
    """Return the position of the newest change in the log. It never goes back: when
    everything was pruned, it is the position pruned through."""
    newest = IndexChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return max(newest, changelog.pruned_through())


def rebuild(report: Callable[[str], None] = lambda message: None, *, empty: bool = False) -> Path:
    """Index every published entry (none, if empty) into a new build and make it live.

    The entries and the log's head are read in one database snapshot, so the build holds
    exactly the changes up to its position, and following the log from there applies
    every later change once.
    """
    started = time.perf_counter()
    with rebuild_lock():
        builds_dir().mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=builds_dir()))
        # Hold back pruning at where this build will start, before it starts.
        changelog.report_position(log_head())
        try:
            with changelog.snapshot():
                position = log_head()
                count = _write_build(build, report, position, empty=empty)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        with writer_lock():
            switch_to(build)
    changelog.report_position(position)
    applied = apply_pending()
    report(
        f"Indexed {count} entries in {time.perf_counter() - started:.1f} s into {build.name}"
        + (f", then {applied} entries edited meanwhile." if applied else ".")
    )
    return build


def ensure_index() -> None:
    """Build this node's index if it has none (a new node, or one whose index was lost)."""
    if not whoosh_index.exists_in(str(live_path())):
        rebuild_or_wait()


def rebuild_or_wait(timeout: float = 600.0) -> None:
    """Rebuild; if another process of this node is rebuilding already, wait for it."""
    try:
        rebuild()
    except IndexBusy:
        with _file_lock(".rebuild.lock", timeout):
            pass


def apply_pending(
    *,
    timeout: float | None = None,
    max_batches: int | None = None,
    rebuild: Callable[[], object] = lambda: rebuild_or_wait(),
) -> int:
    """Re-index every entry changed since the live index's position; return how many.

    A node whose position is older than what the log still holds (it was away while the
    log was pruned) calls `rebuild` instead. Raises IndexBusy when another writer holds
    the lock longer than `timeout`; the changes then stay in the log for the next writer.
    With `max_batches`, stops after that many commits of APPLY_BATCH changes each.
    """
    if not whoosh_index.exists_in(str(live_path())):
        return 0
    position = read_position()
    # Only the changes logged by now: one that comes while this commit is being written
    # waits for the next commit, which takes everything that came meanwhile at once.
    head = log_head()
    if head <= position:
        return 0
    if position < changelog.pruned_through():
        logger.warning("The index at %s missed pruned changes: rebuilding it", live_path())
        rebuild()
        return 0
    applied = 0
    with writer_lock(timeout):
        build = live_path().resolve()
        for _batch in itertools.islice(itertools.count(), max_batches):
            position = read_position(build)
            batch = list(
                IndexChange.objects.filter(pk__gt=position, pk__lte=head)
                .order_by("pk")
                .values_list("pk", "model", "object_pk")[:APPLY_BATCH]
            )
            if not batch:
                break
            keys = list(dict.fromkeys((model, pk) for _id, model, pk in batch))
            write_entries(build, keys, position=batch[-1][0])
            applied += len(keys)
    changelog.report_position(read_position())
    return applied


def apply_after_edit() -> int:
    """Apply the change log after an edit committed, never waiting for another writer;
    return how many entries this call applied.

    Group commit: when another writer holds the lock, this edit's change is left to it,
    and it returns at once (an admin save used to wait behind every other writer, up to
    LOCK_TIMEOUT). Every writer looks at the log again after releasing the lock, so a
    change whose writer found the lock taken is applied by the writer that held it,
    together with every other change that arrived meanwhile: a burst of edits lands in one
    commit. And during a burst, commits are spaced SEARCH_COMMIT_INTERVAL apart: an edit
    that comes sooner after the index's last commit is applied when the interval is up,
    by this process's `deferred` timer, with every other change made meanwhile, so every
    process's caches are renewed at most once per interval (docs/performance.md). An edit
    after a quiet interval is applied at once. Whatever a writer leaves (it stops after
    DRAIN_ROUNDS, or died) stays in the log for the next writer, and the keeper applies it
    before the next search on every node (search/keeper.py).
    """
    applied = 0
    for _round in range(DRAIN_ROUNDS):
        wait = commit_wait()
        if wait > 0:
            deferred.schedule(wait)
            return applied
        try:
            done = apply_pending(timeout=0)
        except IndexBusy:
            return applied  # the writer holding the lock looks at the log after its commit
        applied += done
        if not done or not behind():
            return applied
    return applied


def commit_wait(intervals: float = 1.0) -> float:
    """Return how long until the live index may take its next commit of changes: 0 when
    its last one is `intervals` SEARCH_COMMIT_INTERVALs old (or the interval is 0)."""
    interval = settings.SEARCH_COMMIT_INTERVAL * intervals
    if interval <= 0:
        return 0.0
    committed = last_commit_time()
    return 0.0 if committed is None else max(0.0, committed + interval - time.time())


def last_commit_time(build: Path | None = None) -> float | None:
    """Return when the newest position of a build (by default the live one) was written,
    just before its commit; None if it has none."""
    directory = build or live_path()
    for _attempt in range(READ_ATTEMPTS):
        try:
            names = os.listdir(directory)
        except (FileNotFoundError, NotADirectoryError):
            return None
        positions = [int(m[1]) for m in map(POSITION_PATTERN.fullmatch, names) if m]
        if not positions:
            return None
        try:
            return (directory / f"position-{max(positions)}").stat().st_mtime
        except FileNotFoundError:
            continue  # a writer replaced it meanwhile
    return None


class DeferredCommit:
    """One timer per process that applies the change log when the next commit is due.

    A process that exits first applies what it deferred (atexit): a shell script's last
    edits are not left for the next search. A process killed meanwhile leaves its changes
    in the log, where the next writer or the keeper finds them.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._last: threading.Timer | None = None  # the latest timer, maybe still running
        self._at_exit = False

    def pending(self) -> bool:
        return self._timer is not None

    def schedule(self, delay: float) -> None:
        """Apply the log in `delay` seconds, unless a timer of this process will already."""
        with self._lock:
            if self._timer is not None:
                return
            if not self._at_exit:
                atexit.register(self.flush)
                self._at_exit = True
            self._timer = self._last = threading.Timer(delay, self._run)
            self._timer.daemon = True
            self._timer.start()

    def _run(self) -> None:
        with self._lock:
            self._timer = None  # from here on, a later change schedules another run
        try:
            apply_after_edit()
        except Exception:
            logger.exception("Could not update the search index; the changes stay in the log")
        finally:
            db.connection.close()  # this thread's own connection

    def flush(self) -> None:
        """Apply at once what a timer of this process was waiting to apply.

        A timer that already fired may be applying the log right now: wait for it (a
        daemon thread dies with the process, mid-commit), then apply what is still in the
        log, so that a process's edits are in the index when it is gone. (A timer that
        found the lock taken left its changes to the writer holding it, which looks at
        the log again after its commit.)"""
        with self._lock:
            timer, self._timer = self._timer, None
            last = self._last
        running = last is not None and last.is_alive() and last is not threading.current_thread()
        if timer is not None:
            timer.cancel()
        elif not running:
            return  # nothing deferred, or what was deferred is done (or handed to a writer)
        if running:
            last.join(LOCK_TIMEOUT)
        try:
            if timer is not None or behind():
                apply_pending()
        except Exception:
            logger.exception("Could not update the search index; the changes stay in the log")


deferred = DeferredCommit()


def behind() -> bool:
    """Return whether the live index lacks changes the log holds."""
    return read_position() < log_head()


def write_entries(build: Path, keys: list[tuple[str, int]], position: int | None = None) -> None:
    """Bring the given entries ("app.model", pk) up to date in a build, in one commit:
    indexed if published, removed otherwise; with the log position this reaches."""
    unified = connections["default"].get_unified_index()
    entries = _indexable(unified, keys)
    writer = whoosh_index.open_dir(str(build)).writer(timeout=LOCK_TIMEOUT)
    try:
        # One reader for every deletion: Whoosh opens one over every segment per call.
        with writer.searcher() as indexed:
            for label, pk in keys:
                model = apps.get_model(label)
                # Every copy: Whoosh's update_document replaces only the first it finds.
                writer.delete_by_term("id", get_identifier(model(pk=pk)), searcher=indexed)
                if (entry := entries.get((label, pk))) is not None:
                    with passages_read_once():
                        writer.add_document(**document(unified.get_index(model), entry))
    except BaseException:
        writer.cancel()
        raise
    commit(writer, build, position, merge=merge_small_segments)


def _indexable(unified, keys: list[tuple[str, int]]) -> dict[tuple[str, int], object]:
    """Return the entries of these keys that the index holds (published), one query per
    kind with its search index's prefetches, not one per entry."""
    by_label: dict[str, list[int]] = {}
    for label, pk in keys:
        by_label.setdefault(label, []).append(pk)
    found = {}
    for label, pks in by_label.items():
        queryset = unified.get_index(apps.get_model(label)).index_queryset()
        found.update(((label, entry.pk), entry) for entry in queryset.filter(pk__in=pks))
    return found


def merge_small_segments(writer, segments: list) -> list:
    """Return the segments an edit's commit keeps beside its own (a Whoosh merge policy).

    Whoosh counts a replaced document in the statistics every score reads (document count,
    term counts, field lengths) until its segment is merged. So a segment more than a third
    of whose documents were replaced is merged into the new one (Lucene's TieredMergePolicy
    allows 33 % by default), and one whose documents were all replaced is dropped without
    being read. The rest are kept until there are more than MAX_SEGMENTS: then the smallest
    are merged, down to MAX_SEGMENTS // 2. Whoosh's default (MERGE_SMALL) rewrote the small
    segments on most commits and, while the index is small, the whole index every few: at
    the shipped guide, commits of 6 edited entries took a mean of 86-95 ms of CPU (one in
    ten over 240 ms) against 40-49 ms (none over 68 ms), docs/performance.md.
    """
    live = [s for s in segments if s.doc_count() > 0]
    merged = [s for s in live if s.deleted_count() * 3 > s.doc_count_all()]
    kept = sorted((s for s in live if s not in merged), key=lambda s: s.doc_count_all())
    if len(kept) > MAX_SEGMENTS:
        merged += kept[: len(kept) - MAX_SEGMENTS // 2]
        kept = kept[len(kept) - MAX_SEGMENTS // 2 :]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)  # its live documents, into the segment being written
        reader.close()
    return kept


def document(search_index, entry) -> dict:
    """Return an entry's Whoosh document, with the fingerprint check_index compares.

    Every prepared value is text (or the text field's weighted `Sections`), which Whoosh
    takes as it is: haystack's value conversion would flatten the sections.
    """
    return {**search_index.full_prepare(entry), "fingerprint": fingerprint(entry)}


def _write_build(build: Path, report: Callable[[str], None], position: int, *, empty: bool) -> int:
    backend = connections["default"].get_backend()
    unified = connections["default"].get_unified_index()
    _content_field, schema = backend.build_schema(unified.all_searchfields())
    # Every posting stays in memory until the commit (Whoosh's pool spilled sorted runs to
    # disk past its limit and merged them back in Python): ~380-400 MB peak at 10,023 entries.
    writer = RebuildWriter(whoosh_index.create_in(str(build), schema), codec=rebuild_codec())
    try:
        documents = [] if empty else _documents(unified, report)
        with token_cache():  # each token analysed once, and let go after the rebuild
            count = writer.add_documents(documents, workers=settings.SEARCH_REBUILD_WORKERS)
    except BaseException:
        writer.cancel()
        raise
    commit(writer, build, position)
    return count


def _documents(unified, report: Callable[[str], None]) -> Iterator[dict]:
    """Yield every published entry's document, kind by kind, reporting after each kind."""
    count = 0
    for model in unified.get_indexed_models():
        search_index = unified.get_index(model)
        for entry in search_index.index_queryset().iterator(chunk_size=1000):
            with passages_read_once():
                built = document(search_index, entry)
            yield built
            count += 1
        report(f"  {model._meta.verbose_name_plural}: {count} documents so far")


def rebuild_codec() -> W3Codec:
    """Return Whoosh's codec for a full build, without per-posting length statistics.

    With them (`length_stats`, on by default), writing a segment reads every posting's
    document length back from the length column, 13 % of a profiled rebuild, to record
    each posting block's shortest and longest document: only Whoosh's block-quality
    skipping reads those, and the scorer walks whole posting lists (search/scoring.py).
    Document lengths (BM25's) are in the length column either way. Set on the instance,
    which the segment keeps: an index written so opens with Whoosh's own classes, and the
    writers that update it later use the default codec (tests/search/test_snapshot.py).
    """
    codec = W3Codec()
    codec.length_stats = False
    return codec


def switch_to(build: Path) -> None:
    """Point the live path at a build in one atomic rename, then drop older builds."""
    live = live_path()
    if live.exists() and not live.is_symlink():
        # An index from before builds existed: keep it as a build so the switch is a rename.
        live.rename(builds_dir() / "legacy")
    previous = live.resolve() if live.is_symlink() else None
    link = live.with_name(f".{live.name}.{os.getpid()}.link")
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(build, live.parent))
    os.replace(link, live)
    _drop_old_builds(keep={build, previous})


def _drop_old_builds(keep: set[Path | None]) -> None:
    """Remove every build but the live one and the one before it (searchers that opened it
    keep reading until they refresh), including builds a killed rebuild left half-written.
    Rebuilds never overlap (`rebuild_lock`), so no other build is being written."""
    for path in builds_dir().iterdir():
        if path.is_dir() and path not in keep:
            shutil.rmtree(path, ignore_errors=True)
