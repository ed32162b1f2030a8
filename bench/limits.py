"""The rate limit across workers and nodes: how exactly it holds, and what counting costs.

`make bench-limits` (SQLite; `bin/with-postgres .venv/bin/python bench/limits.py` for
PostgreSQL). For each place the counters can live (the database, and Redis when Debian's
redis-server is installed):

- accuracy: two gunicorn nodes of four workers each share one database; one client sends
  SENT searches over 8 connections, alternating between the nodes, against a limit of
  LIMIT an hour. Answered minus the limit, in percent, is the error (the issue asks ±5 %).
- cost: one node of two workers answers COST_REQUESTS searches from 8 connections with the
  limit off, then with a limit never reached (every request counted): requests a second.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from tests.edge.clients import SEARCH, burst, request  # noqa: E402
from tests.nodes import Node, seed_database  # noqa: E402
from tests.servers import REDIS, Redis  # noqa: E402
from tests.sites import new_database, site_env  # noqa: E402

LIMIT = 300
SENT = 600
COST_REQUESTS = 2000
OUT = ROOT / "var" / "bench" / "limits.json"


def accuracy(root: Path, database_url: str, extra: dict[str, str]) -> dict:
    settings = {**extra, "SEARCH_API_RATE_LIMIT": f"{LIMIT}/h"}
    nodes = [
        Node(name, root / name, database_url, workers=4, extra_env=settings).start()
        for name in ("web-1", "web-2")
    ]
    try:
        statuses = burst([node.port for node in nodes], "127.0.0.60", SENT, window=3600)
    finally:
        for node in nodes:
            node.stop()
    answered = statuses.count(200)
    return {
        "limit": LIMIT,
        "sent": SENT,
        "answered": answered,
        "refused": statuses.count(429),
        "error_percent": round(100 * (answered - LIMIT) / LIMIT, 2),
    }


def throughput(root: Path, database_url: str, extra: dict[str, str], limit: str) -> float:
    settings = {**extra, "SEARCH_API_RATE_LIMIT": limit}
    node = Node("cost", root, database_url, workers=2, extra_env=settings).start()
    try:
        request(node.port, SEARCH)  # warm up
        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda n: request(node.port, SEARCH)[0], range(COST_REQUESTS)))
        elapsed = time.perf_counter() - started
    finally:
        node.stop()
    assert statuses.count(200) == COST_REQUESTS, "the cost run hit the limit"
    return round(COST_REQUESTS / elapsed, 1)


def measure(root: Path, database_url: str, store: str, extra: dict[str, str]) -> dict:
    result = {"store": store, **accuracy(root / f"{store}-accuracy", database_url, extra)}
    result["requests_per_s_limit_off"] = throughput(root / f"{store}-off", database_url, extra, "0")
    result["requests_per_s_counted"] = throughput(
        root / f"{store}-on", database_url, extra, "1000000/h"
    )
    return result


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="faq-bench-limits-"))
    database_url = new_database(root)
    seed_database(site_env(root / "seed", DATABASE_URL=database_url))
    database = database_url.split(":", 1)[0]
    results = [measure(root, database_url, f"database ({database})", {})]
    if os.access(REDIS, os.X_OK):
        redis = Redis(root / "redis").start()
        try:
            results.append(measure(root, database_url, "redis", {"REDIS_URL": redis.url}))
        finally:
            redis.stop()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    for result in results:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
