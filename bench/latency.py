"""In-process latency of faq_search and faq_suggest over the query mix; prints JSON.

Run by bench/run.py in a fresh process per setting, so caches start cold: the Zipf stream
includes every first-time miss, as a newly started worker would see them.
"""

import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from bench.queries import prefix_mix, query_mix  # noqa: E402
from search.services import faq_search  # noqa: E402
from search.suggest import faq_suggest  # noqa: E402


def percentiles(timings_ms: list[float]) -> dict:
    ordered = sorted(timings_ms)

    def at(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 2)

    return {
        "n": len(ordered),
        "p50": at(0.50),
        "p95": at(0.95),
        "p99": at(0.99),
        "mean": round(statistics.fmean(ordered), 2),
    }


def timed(calls) -> list[float]:
    timings = []
    for call in calls:
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def search(lang: str, query: str):
    return lambda: faq_search(query=query, lang=lang, record=False)


def suggest(lang: str, prefix: str):
    return lambda: faq_suggest(prefix=prefix, lang=lang)


MODES = {
    # The Zipf-distributed stream, from a cold process: first-time misses included.
    "search": lambda samples: [search(*pair) for pair in query_mix(samples)],
    # Every distinct query once, all caches cold: the worst case per query.
    "search-first-pass": lambda samples: [
        search(*pair) for pair in dict.fromkeys(query_mix(samples))
    ],
    "suggest": lambda samples: [suggest(*pair) for pair in prefix_mix(samples)],
    # Every distinct prefix once, all caches cold: the worst case per keystroke.
    "suggest-first-pass": lambda samples: [
        suggest(*pair) for pair in dict.fromkeys(prefix_mix(samples))
    ],
}


def threaded(calls, threads: int) -> dict:
    """Run the calls across `threads` threads of one process (every thread shares the
    process's search snapshot); return the latency percentiles and searches per second."""
    chunks = [calls[i::threads] for i in range(threads)]
    timings: list[list[float]] = [[] for _ in chunks]
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            timings[i] = timed(chunks[i])
        except BaseException as error:
            errors.append(error)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    result = percentiles([t for chunk in timings for t in chunk])
    result["per_second"] = round(len(calls) / elapsed, 1)
    return result


if __name__ == "__main__":
    mode, samples = sys.argv[1], int(sys.argv[2])
    if mode.startswith("search-threads-"):
        # The Zipf stream from a cold process, in N threads at once.
        threads = int(mode.rsplit("-", 1)[1])
        json.dump(threaded(MODES["search"](samples), threads), sys.stdout)
    else:
        json.dump(percentiles(timed(MODES[mode](samples))), sys.stdout)
