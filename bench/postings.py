"""What reading postings a block at a time buys (docs/performance.md): the BM25F score maps
of the index's most frequent terms, read through the pinned Whoosh's block arrays and
through its public one-posting-at-a-time API; prints JSON.

    python bench/postings.py     # against the site the environment names
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from whoosh import query as wq  # noqa: E402

from search import scoring  # noqa: E402
from search.config import SEARCH_FIELD  # noqa: E402
from search.snapshot import current_snapshot  # noqa: E402

TERMS = 200
ROUNDS = 5


def one_at_a_time(postings):
    """The public API: three method calls per posting."""
    while postings.is_active():
        yield (postings.id(),), (postings.weight(),)
        postings.next()


def timed(index, terms) -> float:
    norms = index.scores.norms(SEARCH_FIELD)
    started = time.perf_counter()
    for _round in range(ROUNDS):
        for term in terms:
            scoring.term_score_map(index.searcher, wq.Term(SEARCH_FIELD, term), norms)
    return (time.perf_counter() - started) * 1000 / ROUNDS


if __name__ == "__main__":
    index = current_snapshot().index
    reader = index.searcher.reader()
    frequent = sorted(
        ((reader.doc_frequency(SEARCH_FIELD, t), t.decode()) for t in reader.lexicon(SEARCH_FIELD)),
        reverse=True,
    )[:TERMS]
    terms = [term for _df, term in frequent]
    postings = sum(df for df, _term in frequent)
    blocks = timed(index, terms)
    scoring.postings_blocks = one_at_a_time
    public = timed(index, terms)
    print(
        json.dumps(
            {
                "documents": reader.doc_count(),
                "terms": TERMS,
                "postings": postings,
                "block_at_a_time_ms": round(blocks, 1),
                "one_at_a_time_ms": round(public, 1),
            }
        )
    )
