"""The one search function: the page, the APIs and haystack's backend all call `faq_search`."""

from __future__ import annotations

import dataclasses
import functools
import time

from django.utils import timezone

from faq.languages import glossaries
from search import querylog, ranking
from search.analysis import normalize_query
from search.config import DEFAULT_LIMIT, mechanism_on
from search.models import QueryLog
from search.ranking import SearchHit, SearchRequest, SearchResults
from search.snapshot import SearchSnapshot, current_snapshot

__all__ = ["SearchHit", "SearchResults", "faq_search"]


def faq_search(
    *,
    query: str,
    lang: str,
    kind: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    record: bool = True,
    snapshot: SearchSnapshot | None = None,
) -> SearchResults:
    """Return the published entries matching a query, best first, shown in `lang`.

    Entries an editor pinned to this query (best bets) come first, matched or not. Reads
    one snapshot (by default the process's current one) and writes nothing but the
    query log: keeping the index up to date is search/keeper.py's job.
    """
    started = time.perf_counter()
    snapshot = snapshot or current_snapshot()
    # A Taiwan word with two mainland readings (查詢: 查询 or 查找) takes the one searched for.
    known = snapshot.knows_word if mechanism_on("taiwan_readings") else None
    # A word a converted page writes (收件匣, 電子信箱) is read as the source word (收件箱).
    glossary = glossaries() if mechanism_on("glossary_readings") else ()
    request = SearchRequest(normalize_query(query, known, glossary), lang, kind, limit, offset)
    results = snapshot.results.get(request)
    if results is None:
        results = _rank(request, snapshot)
        snapshot.results.put(request, results)
    # Cached under the normalised query: echo what this visitor typed, not the first.
    results = dataclasses.replace(results, query=query.strip())
    if record and results.parsed:
        record_search(results, time.perf_counter() - started)
    return results


def _rank(request: SearchRequest, snapshot: SearchSnapshot) -> SearchResults:
    """Run the ranking pipeline (search/ranking.py) for one request."""
    results = SearchResults(query=request.text, lang=request.lang, kind=request.kind)
    index = snapshot.index
    if index is None:  # no index built yet: nothing to find
        results.parsed = ranking.parse(request.text, snapshot)
        return results
    parsed = results.parsed = ranking.parse(request.text, snapshot)
    if not parsed:
        return results
    pinned = ranking.pinned_keys(parsed, snapshot, request.kind)
    matches = ranking.retrieve(parsed, index)
    last_resort = functools.partial(ranking.retrieve, parsed, index, last_resort=True)
    candidates = ranking.combine(matches, index, request.kind, fallback=last_resort)
    needed = request.offset + request.limit + len(pinned)
    ranked = ranking.rescore(parsed, candidates, index, needed)
    ranked = ranking.pin(ranked, pinned, index)
    page = ranked.docnums[request.offset : request.offset + request.limit]
    results.hits = ranking.present(page, ranked, parsed, index, request.lang)
    results.total, results.kind_counts = ranked.total, ranked.kind_counts
    results.suggestion = ranking.suggestion(parsed, request.lang)
    return results


def record_search(results: SearchResults, seconds: float) -> None:
    """Log a search for the editors (written in batches by search/querylog.py)."""
    querylog.record(
        QueryLog(
            query=normalize_query(results.query),
            lang=results.lang,
            kind=results.kind or "",
            result_count=results.total,
            suggestion=results.suggestion or "",
            duration_ms=round(seconds * 1000, 2),
            created_at=timezone.now(),
        )
    )
