"""Several nodes under load while editors work: throughput, staleness, errors.

`make bench-cluster` runs this against a throwaway PostgreSQL cluster (bin/with-postgres).
Three gunicorn nodes on loopback share the database, each with its own index: web-1 and
web-2 answer a stream of searches (the benchmark's Zipf query mix, from separate load
processes), while an editor saves a tip through web-3's admin over HTTP at 50 edits a
minute. After each save, two pollers ask web-1 and web-2 for the word the edit added
until it is found: that is the edit's staleness on each node. Every edit must be found on
both nodes (none lost) and check_index must be clean on every node at the end (nothing
missing, stale or indexed twice).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import statistics
import string
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from bench.queries import query_mix  # noqa: E402
from tests.nodes import AdminSession, Node, seed_database  # noqa: E402
from tests.sites import new_database, site_env  # noqa: E402

EDITS = int(os.environ.get("BENCH_EDITS", "50"))
EDIT_INTERVAL = 60 / 50  # 50 edits a minute
LOAD_THREADS = 4  # per search node, in a process of its own
FOUND_TIMEOUT = 30.0
POLL_INTERVAL = 0.005
OUT = ROOT / "var" / "bench" / "cluster.json"


def search_load(url: str, stop_at: float, seed: int, results) -> None:
    """Search `url` from LOAD_THREADS threads until `stop_at`; report count, errors, times."""
    queries = query_mix(5000, seed=seed)
    lock = threading.Lock()
    totals = {"requests": 0, "errors": 0, "latencies": []}

    def worker(offset: int) -> None:
        index = offset
        while time.time() < stop_at:
            lang, query = queries[index % len(queries)]
            index += LOAD_THREADS
            started = time.perf_counter()
            try:
                params = urllib.parse.urlencode({"q": query, "lang": lang})
                with urllib.request.urlopen(f"{url}/api/search/?{params}", timeout=30) as r:
                    r.read()
                    ok = r.status == 200
            except OSError:
                ok = False
            with lock:
                totals["requests"] += 1
                totals["errors"] += not ok
                totals["latencies"].append(time.perf_counter() - started)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(LOAD_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((url, totals))


def word(rng: random.Random) -> str:
    """A made-up word no entry contains, far (in edits) from every other one."""
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(12))


def wait_until_found(node: Node, token: str, slug: str) -> float | None:
    deadline = time.monotonic() + FOUND_TIMEOUT
    while time.monotonic() < deadline:
        results = node.search(token)["results"]
        if results and results[0]["slug"] == slug:
            return time.monotonic()
        time.sleep(POLL_INTERVAL)
    return None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    database_url = new_database(root)
    seed_database(site_env(root / "seed", DATABASE_URL=database_url))
    searchers = [Node(name, root / name, database_url) for name in ("web-1", "web-2")]
    editor_node = Node("web-3", root / "web-3", database_url, workers=1)
    nodes = [*searchers, editor_node]
    for node in nodes:
        node.start()
    for node in nodes:
        node.search("refund")  # warm up each node's searchers
    rng = random.Random(11)
    admin = AdminSession(editor_node)
    duration = EDITS * EDIT_INTERVAL + 5
    stop_at = time.time() + duration
    queue = multiprocessing.Queue()
    loaders = [
        multiprocessing.Process(target=search_load, args=(node.url, stop_at, seed, queue))
        for seed, node in enumerate(searchers)
    ]
    for loader in loaders:
        loader.start()

    staleness_from_reply, staleness_from_send, lost = [], [], 0
    slugs = {1: "prepare", 2: "be-clear", 3: "be-polite", 4: "provide-evidence"}
    with ThreadPoolExecutor(len(searchers)) as pollers:
        for edit in range(EDITS):
            slot = time.monotonic() + EDIT_INTERVAL
            pk = edit % len(slugs) + 1
            token = word(rng)
            sent, replied = admin.edit(
                f"/admin/faq/tip/{pk}/change/", body_en=f"Edit {edit}: {token}."
            )
            found = list(
                pollers.map(
                    wait_until_found,
                    searchers,
                    [token] * len(searchers),
                    [slugs[pk]] * len(searchers),
                )
            )
            for at in found:
                if at is None:
                    lost += 1
                else:
                    staleness_from_reply.append(at - replied)
                    staleness_from_send.append(at - sent)
            time.sleep(max(0.0, slot - time.monotonic()))

    load = dict(queue.get() for _ in loaders)
    for loader in loaders:
        loader.join()
    checks = {node.name: node.check_index() for node in nodes}
    for node in nodes:
        node.stop()

    latencies = [t for totals in load.values() for t in totals["latencies"]]
    requests = sum(totals["requests"] for totals in load.values())
    results = {
        "nodes": len(nodes),
        "workers_per_search_node": searchers[0].workers,
        "load": f"{len(searchers)} processes x {LOAD_THREADS} threads (urllib), loopback",
        "duration_s": round(duration, 1),
        "edits": EDITS,
        "edits_per_minute": round(EDITS / (EDITS * EDIT_INTERVAL) * 60, 1),
        "searches": requests,
        "searches_per_s": round(requests / duration, 1),
        "search_errors": sum(totals["errors"] for totals in load.values()),
        "search_latency_ms": {
            "p50": round(percentile(latencies, 0.5) * 1000, 1),
            "p99": round(percentile(latencies, 0.99) * 1000, 1),
        },
        "staleness_ms_from_save_reply": summary(staleness_from_reply),
        "staleness_ms_from_save_sent": summary(staleness_from_send),
        "lost_edits": lost,
        "tracebacks_in_server_logs": sum(node.log.read_text().count("Traceback") for node in nodes),
        "check_index": {
            name: (check.stdout.strip() or check.stderr.strip()) for name, check in checks.items()
        },
        "check_index_clean": all(check.returncode == 0 for check in checks.values()),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results, indent=2, ensure_ascii=False))


def summary(values: list[float]) -> dict:
    if not values:
        return {}
    return {
        "samples": len(values),
        "p50": round(statistics.median(values) * 1000, 1),
        "p95": round(percentile(values, 0.95) * 1000, 1),
        "p99": round(percentile(values, 0.99) * 1000, 1),
        "max": round(max(values) * 1000, 1),
    }


if __name__ == "__main__":
    main()
