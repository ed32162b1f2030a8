"""What each part of the scorer's speed-up buys (docs/performance.md), before against after
in one process, alternating, so that other work on the machine weighs on both alike;
prints JSON (CPU seconds, the fastest of ROUNDS rounds).

    python bench/scoring_parts.py     # against the site the environment names

Runs the bench's query mix once (each distinct query) to collect what the scorer is asked
(phrases, windows, groups' maps, terms), then times each part both ways:
- phrases: Whoosh's span matchers against search/scoring.py's phrase_score_map;
- terms: BM25's length normalisation per posting against the per-snapshot norms.
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

from whoosh import query as wq  # noqa: E402

from bench.queries import query_mix  # noqa: E402
from search import scoring  # noqa: E402
from search.config import BM25_B, BM25_K1  # noqa: E402
from search.scoring import postings_blocks  # noqa: E402
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

    def term(searcher, query, lengths):
        asked["terms"].append(query)
        return originals["term_score_map"](searcher, query, lengths)

    scoring.phrase_score_map, scoring.term_score_map = phrase, term
    for lang, query in dict.fromkeys(query_mix(2000)):
        faq_search(query=query, lang=lang, record=False)
    for name, original in originals.items():
        setattr(scoring, name, original)
    return asked


def term_per_posting(searcher, query, lengths):
    """term_score_map as it was: the length normalisation computed for every posting."""
    reader = searcher.reader()
    if (query.fieldname, query.text) not in reader:
        return {}
    idf = searcher.idf(query.fieldname, query.text) * query.boost
    by_document, average = lengths.by_document, lengths.average
    scores = {}
    for docnums, weights in postings_blocks(reader.postings(query.fieldname, query.text)):
        for docnum, weight in zip(docnums, weights, strict=True):
            norm = BM25_K1 * ((1 - BM25_B) + BM25_B * by_document[docnum] / average)
            scores[docnum] = idf * (weight * (BM25_K1 + 1)) / (weight + norm)
    return scores


def cpu(work) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def main() -> None:
    asked = collect()
    index = current_snapshot().index
    searcher = index.searcher
    lengths = {name: index.field_lengths(name) for name in ("text", "title", "bigrams")}
    terms = [t for t in dict.fromkeys(asked["terms"]) if isinstance(t, wq.Term)]
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
        "terms": (
            lambda: [term_per_posting(searcher, t, lengths[t.fieldname]) for t in terms],
            lambda: [scoring.term_score_map(searcher, t, lengths[t.fieldname]) for t in terms],
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
