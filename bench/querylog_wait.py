"""How long a search spends logging itself while editors hold SQLite's write lock.

One process, a throwaway SQLite database with the site's settings (WAL, `BEGIN
IMMEDIATE`). An editor thread with a connection of its own takes the write lock RATE times
a second, holding it alternately HOLDS seconds (an admin save holds it through its change
form's transaction; a shell save, one statement), while the main thread records SEARCHES
searches a second for SECONDS, as one worker's searches would, timing each
`querylog.record()`. Once with the batch written in the request that fills it
(SEARCH_LOG_IN_BACKGROUND off), once handed to the writer thread, alternated `--rounds`
times. Every row must be in the table afterwards. Prints JSON.
Run: `python bench/querylog_wait.py [--rounds N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-querylog-wait-"))
DATABASE = WORK / "db.sqlite3"
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY="bench-only-" + "k" * 50,
    DATABASE_URL=f"sqlite:///{DATABASE}",
    SEARCH_INDEX_DIR=str(WORK / "index"),
)

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from search import querylog  # noqa: E402
from search.models import QueryLog  # noqa: E402

RATE = 10.0  # lock holds a second, as 10 edits/s
HOLDS = (0.030, 0.001)  # admin save, shell save
SEARCHES = 300.0  # a second, about one worker's quiet throughput in bench/edits.py
SECONDS = 10.0


def editor(stop: threading.Event) -> None:
    """Take the write lock RATE times a second, holding it HOLDS in turn."""
    db = sqlite3.connect(DATABASE, timeout=60, isolation_level=None)
    db.execute("CREATE TABLE IF NOT EXISTS bench_edit (n INTEGER)")
    edits = 0
    while not stop.is_set():
        slot = time.monotonic() + 1 / RATE
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO bench_edit VALUES (?)", [edits])
        time.sleep(HOLDS[edits % len(HOLDS)])
        db.execute("COMMIT")
        edits += 1
        stop.wait(max(0.0, slot - time.monotonic()))
    db.close()


def searching(in_background: bool) -> dict:
    """Record searches at SEARCHES a second during the editor's locks; time each record()."""
    settings.SEARCH_LOG_IN_BACKGROUND = in_background
    QueryLog.objects.all().delete()
    stop = threading.Event()
    editing = threading.Thread(target=editor, args=(stop,))
    editing.start()
    seconds = []
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        slot = time.monotonic() + 1 / SEARCHES
        row = QueryLog(query="refund", lang="en", result_count=3, duration_ms=1.0)
        row.created_at = timezone.now()
        started = time.perf_counter()
        querylog.record(row)
        seconds.append(time.perf_counter() - started)
        time.sleep(max(0.0, slot - time.monotonic()))
    stop.set()
    editing.join()
    querylog.shutdown(timeout=120)
    return summary(seconds, QueryLog.objects.count(), in_background)


def summary(seconds: list[float], logged: int, in_background: bool) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    return {
        "written_by": "writer thread" if in_background else "the search",
        "searches": len(ms),
        "rows_logged": logged,
        "record_ms_p50": round(statistics.median(ms), 3),
        "record_ms_p99": round(ms[int(len(ms) * 0.99)], 3),
        "record_ms_max": round(ms[-1], 3),
        "searches_over_5_ms": sum(1 for m in ms if m > 5),
        "record_seconds_total": round(sum(ms) / 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2, help="sync/background pairs")
    args = parser.parse_args()
    try:
        call_command("migrate", verbosity=0)
        runs = [searching(mode) for _ in range(args.rounds) for mode in (False, True)]
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    print(json.dumps({"batch": settings.SEARCH_LOG_BATCH, "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
