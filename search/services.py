"""The one search function: the page and the API both call `faq_search`."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone, translation
from whoosh import query as wq

from faq.models import IssueChannel
from search import changelog, engine, indexing, querylog
from search.analysis import normalize_query
from search.cache import results_cache
from search.config import (
    DEFAULT_LIMIT,
    KIND_LABELS,
    KINDS,
    LANGUAGES,
    RESCORE_WINDOW,
    TITLE_COVERAGE_WEIGHT,
)
from search.documents import passages
from search.evaluation import ScoreCache, all_of, any_of, best
from search.highlight import snippet
from search.models import BestBet, QueryLog, content_versions
from search.query import (
    ParsedQuery,
    clause_queries,
    parse_query,
    proximity_query,
    title_queries,
)
from search.spelling import Vocabulary
from search.synonyms import current_table

logger = logging.getLogger(__name__)

CONTENT_TYPES = {kind: model._meta.label_lower for kind, model in KINDS.items()}
KIND_OF_CONTENT_TYPE = {ct: kind for kind, ct in CONTENT_TYPES.items()}
# How long a search waits for another process that is writing the index.
CATCH_UP_TIMEOUT = 5.0


@dataclass
class SearchHit:
    kind: str
    entry: object
    score: float
    title: str
    url: str
    snippet: str
    contact_channel: object | None = None
    pinned: bool = False

    @property
    def slug(self) -> str:
        return self.entry.slug

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class SearchResults:
    query: str
    lang: str
    kind: str | None
    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    kind_counts: dict[str, int] = field(default_factory=dict)
    suggestion: str | None = None
    parsed: ParsedQuery | None = None


def faq_search(
    *,
    query: str,
    lang: str,
    kind: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    record: bool = True,
) -> SearchResults:
    """Return the published entries matching a query, best first, shown in `lang`.

    Entries an editor pinned to this query (best bets) come first, matched or not.
    """
    started = time.perf_counter()
    editors, log_head = content_versions()
    position = indexing.read_position()
    if log_head > position:
        catch_up()
    changelog.heartbeat(position)
    searcher = engine.current_searcher()
    synonyms = current_table(editors)
    key = (normalize_query(query), lang, kind, limit, offset)
    version = (getattr(searcher, "generation", 0), editors)
    results = results_cache.get((key, version))
    if results is None:
        results = _compute(query, lang, kind, limit, offset, searcher, synonyms, editors)
        results_cache.put((key, version), results)
    else:
        # Cached under the normalised query: echo what this visitor typed, not the first.
        results = dataclasses.replace(results, query=query.strip())
    if record and results.parsed:
        record_search(results, time.perf_counter() - started)
    return results


def catch_up() -> None:
    """Apply changes the index has not seen (made through another node, or a write that
    failed or was blocked), so that a search never answers from an index older than the
    database it was told about."""
    try:
        indexing.apply_pending(timeout=CATCH_UP_TIMEOUT)
    except Exception:
        logger.exception("Searching an index that is behind the change log")


def _compute(query, lang, kind, limit, offset, searcher, synonyms, editors) -> SearchResults:
    results = SearchResults(query=query.strip(), lang=lang, kind=kind)
    vocabulary = Vocabulary(searcher.reader()) if searcher is not None else None
    parsed = parse_query(query, synonyms=synonyms, vocabulary=vocabulary)
    results.parsed = parsed
    if parsed and searcher is not None:
        pinned = pinned_keys(parsed.text, kind, editors)
        ranked, matched = _search(searcher, parsed, results, needed=offset + limit + len(pinned))
        ranked = _pin_first(searcher, ranked, matched, pinned, results)
        window = ranked[offset : offset + limit]
        found = [(*_identity(searcher, docnum), matched.get(docnum, 0.0)) for docnum in window]
        results.hits = _hits(searcher, found, lang, parsed, set(pinned))
        results.suggestion = parsed.suggestion()
    return results


def _search(searcher, parsed: ParsedQuery, results: SearchResults, *, needed: int) -> list:
    """Return the best (docnum, score) matches; set the total and the counts by kind.

    Only the top RESCORE_WINDOW matches get the costlier bonus scores (the rescore
    window of Elasticsearch); counts come from the whole set of matches.
    """
    phrases, groups = (
        [_scores.scores(searcher, q) for q in queries] for queries in clause_queries(parsed)
    )
    matched = all_of(phrases + groups)
    if not matched and len(groups) > 1:
        matched = any_of(groups, within=all_of(phrases) if phrases else None)
    by_kind = kind_documents(searcher)
    results.kind_counts = {kind: len(by_kind[kind] & matched.keys()) for kind in by_kind}
    if results.kind:
        matched = {d: s for d, s in matched.items() if d in by_kind[results.kind]}
    results.total = len(matched)
    window = best(matched, max(needed, RESCORE_WINDOW))
    _add_bonuses(searcher, parsed, matched, window)
    return sorted(window, key=lambda docnum: (-matched[docnum], docnum)), matched


def _add_bonuses(searcher, parsed: ParsedQuery, scores: dict, window: list[int]) -> None:
    """Reward entries whose title holds every word, and those holding the words together.

    Both come from cached score maps: building Whoosh's phrase matcher alone costs ~3 ms.
    """
    titles = [_scores.scores(searcher, q) for q in title_queries(parsed)]
    proximity = proximity_query(parsed)
    together = _scores.scores(searcher, proximity) if proximity is not None else {}
    for docnum in window:
        if titles and all(docnum in title for title in titles):
            scores[docnum] += TITLE_COVERAGE_WEIGHT * sum(title[docnum] for title in titles)
        scores[docnum] += together.get(docnum, 0.0)


_scores = ScoreCache()


def _identity(searcher, docnum: int) -> tuple[str, int]:
    """Return the (content type, pk) of an indexed document."""
    stored = searcher.stored_fields(docnum)
    return stored["django_ct"], int(stored["django_id"])


def kind_documents(searcher) -> dict[str, frozenset[int]]:
    """Return each kind's document numbers, computed once per index generation."""
    cached = _kind_documents_cache.get(searcher.generation)
    if cached is None:
        cached = {
            kind: frozenset(searcher.docs_for_query(wq.Term("django_ct", content_type)))
            for kind, content_type in CONTENT_TYPES.items()
        }
        _kind_documents_cache.clear()
        _kind_documents_cache[searcher.generation] = cached
    return cached


_kind_documents_cache: dict[int, dict[str, frozenset[int]]] = {}


def pinned_keys(normalized_query: str, kind: str | None, editors: tuple) -> list:
    """Return the entries pinned to a query, as (content type, pk), in order.

    Unpublished entries are not in the index, so _pin_first drops them.
    """
    wanted = CONTENT_TYPES.get(kind)
    keys = _best_bets(editors).get(normalized_query, [])
    return [key for key in keys if wanted in (None, key[0])]


def _best_bets(editors: tuple) -> dict[str, list[tuple[str, int]]]:
    """Return every best bet by query, reloaded only after an editor changed one."""
    if _bets["version"] != editors:
        by_query: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for bet in BestBet.objects.all():
            key = (CONTENT_TYPES[bet.kind], getattr(bet, f"{bet.kind}_id"))
            if key not in by_query[bet.query]:
                by_query[bet.query].append(key)
        _bets["by_query"], _bets["version"] = dict(by_query), editors
    return _bets["by_query"]


_bets: dict = {"version": None, "by_query": {}}


def _pin_first(searcher, ranked: list, matched: dict, pinned: list, results) -> list:
    """Put pinned entries first; count those the query did not match in the totals."""
    docnums = [searcher.document_number(id=f"{ct}.{pk}") for ct, pk in pinned]
    docnums = [docnum for docnum in docnums if docnum is not None]
    for docnum in docnums:
        if docnum not in matched:
            results.total += 1
            kind = KIND_OF_CONTENT_TYPE[_identity(searcher, docnum)[0]]
            results.kind_counts[kind] = results.kind_counts.get(kind, 0) + 1
    first = set(docnums)
    return docnums + [docnum for docnum in ranked if docnum not in first]


def _hits(searcher, found: list, lang: str, parsed: ParsedQuery, pinned: set) -> list[SearchHit]:
    """Load the matched entries in one query per kind and present them in `lang`."""
    entries = _load_entries(searcher, found)
    terms = parsed.highlight_terms()
    other = next(code for code in LANGUAGES if code != lang)
    hits = []
    with translation.override(lang):
        for content_type, pk, score in found:
            entry = entries.get((content_type, pk))
            if entry is None:  # unpublished or deleted since it was indexed
                continue
            texts = _flatten(passages(entry, lang)) + _flatten(passages(entry, other))
            links = getattr(entry, "published_channel_links", None)
            hits.append(
                SearchHit(
                    kind=KIND_OF_CONTENT_TYPE[content_type],
                    entry=entry,
                    score=round(score, 3),
                    title=str(entry.title),
                    url=entry.get_absolute_url(),
                    snippet=snippet(texts, terms),
                    contact_channel=links[0].channel if links else None,
                    pinned=(content_type, pk) in pinned,
                )
            )
    return hits


def _load_entries(searcher, found: list[tuple[str, int, float]]) -> dict[tuple[str, int], object]:
    """Return the entries of the matches, from the database or this index generation's cache.

    Every edit of an entry, its steps, notes or recommended channels re-indexes it, and a
    new index generation empties the cache, so a cached entry is never stale.
    """
    if _entries["searcher"] is not searcher:
        _entries.clear()
        _entries["searcher"] = searcher
    wanted = [(ct, pk) for ct, pk, _score in found if (ct, pk) not in _entries]
    by_type: dict[str, list[int]] = defaultdict(list)
    for content_type, pk in wanted:
        by_type[content_type].append(pk)
    for content_type, pks in by_type.items():
        kind = KIND_OF_CONTENT_TYPE[content_type]
        for entry in _queryset(kind).filter(pk__in=pks):
            _entries[(content_type, entry.pk)] = entry
    if len(_entries) > MAX_CACHED_ENTRIES:
        _entries.clear()
        _entries["searcher"] = searcher
        return _load_entries(searcher, found)
    return {(ct, pk): _entries[(ct, pk)] for ct, pk, _score in found if (ct, pk) in _entries}


MAX_CACHED_ENTRIES = 5000
_entries: dict = {"searcher": None}


def _queryset(kind: str):
    queryset = KINDS[kind].objects.published()
    if kind == "channel":
        return queryset.prefetch_related("steps", "notes")
    if kind == "issue":
        links = IssueChannel.objects.filter(channel__is_published=True).select_related("channel")
        return queryset.prefetch_related(
            Prefetch("channel_links", queryset=links, to_attr="published_channel_links")
        )
    return queryset


def _flatten(by_field: dict[str, list[str]]) -> list[str]:
    """Return every line of every field: a snippet is cut from one line of text."""
    return [line for texts in by_field.values() for text in texts for line in text.splitlines()]


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
