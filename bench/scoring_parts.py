"""What the phrase scorer buys (docs/performance.md), before against after in one process,
alternating, so that other work on the machine weighs on both alike; prints JSON (CPU
seconds, the fastest of ROUNDS rounds).

    python bench/scoring_parts.py     # against the site the environment names

Runs the bench's query mix once (each distinct query) to collect the phrases the scorer
is asked for (over the whole index and within rescore windows), then scores them both
ways: Whoosh's span matchers, and search/scoring.py's phrase_score_map.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["SEARCH_RESULT_CACHE_SIZE"] = "0"

import django

django.setup()


from bench.queries import query_mix  # noqa: E402
from search import scoring  # noqa: E402
from search.services import faq_search  # noqa: E402
from search.snapshot import current_snapshot  # noqa: E402

ROUNDS = 5


def collect() -> dict:
    """Search every distinct query of the mix once; return what the scorer was asked."""
    asked = {"phrases": [], "windows": [], "terms": []}
    originals = {name: getattr(scoring, name) for name in ("phrase_score_map", "term_score_map")}

    def phrase(searcher, query, lengths, within=None):
        key = "phrases" if within is None else "windows"
        asked[key].append((query, None if within is None else list(within)))
        return originals["phrase_score_map"](searcher, query, lengths, within)

    def term(searcher, query, norms):
        asked["terms"].append(query)
        return originals["term_score_map"](searcher, query, norms)

    scoring.phrase_score_map, scoring.term_score_map = phrase, term
    for lang, query in dict.fromkeys(query_mix(2000)):
        faq_search(query=query, lang=lang, record=False)
    for name, original in originals.items():
        setattr(scoring, name, original)
    return asked


def cpu(work) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def main() -> None:
    asked = collect()
    index = current_snapshot().index
    searcher = index.searcher
    lengths = {name: index.field_lengths(name) for name in ("text", "title", "bigrams")}
    phrases = asked["phrases"] + asked["windows"]
    parts = {
        "phrases": (
            lambda: [
                scoring.matcher_score_map(searcher, q)
                if w is None
                else scoring.matcher_scores_within(searcher, q, w)
                for q, w in phrases
            ],
            lambda: [
                scoring.phrase_score_map(searcher, q, lengths[q.fieldname], w) for q, w in phrases
            ],
        ),
    }
    found = {}
    for name, (before, after) in parts.items():
        times = {"before": [], "after": []}
        for _round in range(ROUNDS):
            times["before"].append(cpu(before))
            times["after"].append(cpu(after))
        found[name] = {key: round(min(values), 3) for key, values in times.items()}
    counts = {key: len(values) for key, values in asked.items()}
    print(json.dumps({"asked": counts, "cpu_seconds": found}))


if __name__ == "__main__":
    main()
