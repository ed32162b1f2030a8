"""Everything a search answers, dumped for a before/after diff of a change that must not
change any result (docs/performance.md).

    python bench/dump_results.py OUT.json [--threads N]

Against the site the environment names (DATABASE_URL, SEARCH_INDEX_DIR): for every query of
../shared/eval/dev2.tsv and dev.tsv, tests/search/relevance.tsv and the bench's query mix
(bench/queries.py), `faq_search(limit=20)`'s ranked keys with their scores (as shown and at
full precision), snippets, did-you-mean, total and counts by kind. With --threads, the
queries are searched by that many threads of one process at once, and the dump is written
in the queries' order all the same. Labels are not read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
EVAL = Path(os.environ.get("FAQ_EVAL_DIR", ROOT.parent / "shared" / "eval"))
QUERY_FILES = [EVAL / "dev2.tsv", EVAL / "dev.tsv", ROOT / "tests" / "search" / "relevance.tsv"]
LIMIT = 20


def queries() -> list[tuple[str, str]]:
    """Return every distinct (lang, query) of the query files and the bench's mix."""
    from bench.queries import query_mix

    pairs = []
    for path in QUERY_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                lang, query = line.split("\t")[:2]
                pairs.append((lang, query))
    return list(dict.fromkeys(pairs + query_mix(2000)))


def answer(lang: str, query: str, full_scores: threading.local) -> dict:
    from search.services import faq_search

    full_scores.last = {}
    results = faq_search(query=query, lang=lang, record=False, limit=LIMIT)
    exact = full_scores.last
    return {
        "lang": lang,
        "query": query,
        "total": results.total,
        "kinds": results.kind_counts,
        "suggestion": results.suggestion,
        "hits": [
            [h.kind, h.slug, h.score, exact.get((h.kind, h.slug)), h.pinned, h.title, h.snippet]
            for h in results.hits
        ],
    }


def record_full_scores(full_scores: threading.local) -> None:
    """Keep each hit's unrounded score (the hits show it rounded to 3 places)."""
    from search import ranking

    present = ranking.present

    def recording(docnums, ranked, parsed, index, lang):
        hits = present(docnums, ranked, parsed, index, lang)
        exact = {}
        for docnum in docnums:
            content_type, pk = index.identity(docnum)
            exact[(content_type, pk)] = repr(ranked.scores.get(docnum, 0.0))
        by_hit = {
            (hit.kind, hit.slug): exact.get((ranking.CONTENT_TYPES[hit.kind], hit.entry.pk))
            for hit in hits
        }
        full_scores.last = by_hit
        return hits

    ranking.present = recording


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    # Every search ranked afresh, so every hit's unrounded score is seen.
    os.environ["SEARCH_RESULT_CACHE_SIZE"] = "0"
    import django

    django.setup()

    full_scores = threading.local()
    record_full_scores(full_scores)
    pairs = queries()
    answers: list = [None] * len(pairs)

    def work(start: int) -> None:
        for i in range(start, len(pairs), args.threads):
            answers[i] = answer(*pairs[i], full_scores)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    Path(args.out).write_text(json.dumps(answers, ensure_ascii=False, indent=0))
    print(f"{len(answers)} queries")


if __name__ == "__main__":
    main()
