"""In-process latency of faq_search and faq_suggest over the query mix; prints JSON.

Run by bench/run.py in a fresh process per setting, so caches start cold: the Zipf stream
includes every first-time miss, as a newly started worker would see them.
"""

import json
import os
import statistics
import sys
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
}


if __name__ == "__main__":
    mode, samples = sys.argv[1], int(sys.argv[2])
    json.dump(percentiles(timed(MODES[mode](samples))), sys.stdout)
