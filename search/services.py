"""The one search function: the page and the API both call `faq_search`."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import translation
from whoosh import query as wq
from whoosh import sorting

from faq.models import IssueChannel
from search import engine
from search.analysis import normalize_query
from search.config import DEFAULT_LIMIT, KIND_LABELS, KINDS, LANGUAGES
from search.documents import passages
from search.highlight import snippet
from search.models import BestBet, QueryLog
from search.query import ParsedQuery, build_query, parse_query
from search.spelling import Vocabulary
from search.synonyms import current_table

logger = logging.getLogger(__name__)

CONTENT_TYPES = {kind: model._meta.label_lower for kind, model in KINDS.items()}
KIND_OF_CONTENT_TYPE = {ct: kind for kind, ct in CONTENT_TYPES.items()}


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
    whoosh_query: object = None


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
    results = SearchResults(query=query.strip(), lang=lang, kind=kind)
    searcher = engine.current_searcher()
    vocabulary = Vocabulary(searcher.reader()) if searcher is not None else None
    parsed = parse_query(query, synonyms=current_table(), vocabulary=vocabulary)
    if parsed and searcher is not None:
        pinned = pinned_keys(parsed.text, kind)
        ranked = _search(searcher, parsed, results, needed=offset + limit + len(pinned))
        ranked = _pin_first(searcher, ranked, pinned, results)
        results.hits = _hits(ranked[offset : offset + limit], lang, parsed, set(pinned))
        results.suggestion = parsed.suggestion()
    if record and parsed:
        record_search(results, time.perf_counter() - started)
    return results


def _search(searcher, parsed: ParsedQuery, results: SearchResults, *, needed: int) -> list:
    """Return the best (content type, pk, score) matches; set totals and counts by kind."""
    facet = sorting.FieldFacet("django_ct", maptype=sorting.Count)
    for all_words in _strictness(parsed):
        results.whoosh_query = build_query(parsed, all_words=all_words)
        everything = searcher.search(results.whoosh_query, limit=needed, groupedby=facet)
        if not everything.is_empty():
            break
    counts = everything.groups("django_ct")
    results.kind_counts = {k: counts.get(ct, 0) for k, ct in CONTENT_TYPES.items()}
    page = everything
    if results.kind:
        kind_filter = wq.Term("django_ct", CONTENT_TYPES[results.kind])
        page = searcher.search(results.whoosh_query, limit=needed, filter=kind_filter)
        results.total = results.kind_counts[results.kind]
    else:
        results.total = len(everything)
    return [(hit["django_ct"], int(hit["django_id"]), hit.score) for hit in page]


def _strictness(parsed: ParsedQuery) -> list[bool]:
    """Require every word first; when that finds nothing, accept entries matching some."""
    return [True, False] if len(parsed.groups) + len(parsed.phrases) > 1 else [True]


def pinned_keys(normalized_query: str, kind: str | None) -> list[tuple[str, int]]:
    """Return the published entries pinned to a query, as (content type, pk), in order."""
    published = Q()
    for name in BestBet.ENTRY_FIELDS:
        published |= Q(**{f"{name}__is_published": True})
    bets = BestBet.objects.filter(published, query=normalized_query)
    keys = [(CONTENT_TYPES[bet.kind], getattr(bet, f"{bet.kind}_id")) for bet in bets]
    wanted = CONTENT_TYPES.get(kind)
    return [key for key in dict.fromkeys(keys) if wanted in (None, key[0])]


def _pin_first(searcher, ranked: list, pinned: list, results: SearchResults) -> list:
    """Put pinned entries first; count those the query did not match in the totals."""
    if not pinned:
        return ranked
    identifiers = [wq.Term("id", f"{ct}.{pk}") for ct, pk in pinned]
    matched = searcher.search(results.whoosh_query, filter=wq.Or(identifiers), limit=None)
    matched_keys = {(hit["django_ct"], int(hit["django_id"])) for hit in matched}
    for content_type, pk in pinned:
        if (content_type, pk) not in matched_keys:
            results.total += 1
            kind = KIND_OF_CONTENT_TYPE[content_type]
            results.kind_counts[kind] = results.kind_counts.get(kind, 0) + 1
    scores = {(ct, pk): score for ct, pk, score in ranked}
    first = [(ct, pk, scores.get((ct, pk), 0.0)) for ct, pk in pinned]
    return first + [hit for hit in ranked if (hit[0], hit[1]) not in set(pinned)]


def _hits(found: list, lang: str, parsed: ParsedQuery, pinned: set) -> list[SearchHit]:
    """Load the matched entries in one query per kind and present them in `lang`."""
    entries = _load_entries(found)
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


def _load_entries(found: list[tuple[str, int, float]]) -> dict[tuple[str, int], object]:
    by_type: dict[str, list[int]] = defaultdict(list)
    for content_type, pk, _score in found:
        by_type[content_type].append(pk)
    entries = {}
    for content_type, pks in by_type.items():
        kind = KIND_OF_CONTENT_TYPE[content_type]
        for entry in _queryset(kind).filter(pk__in=pks):
            entries[(content_type, entry.pk)] = entry
    return entries


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
    """Log a search for the editors; a failure to log is reported, never raised."""
    try:
        with transaction.atomic():
            QueryLog.objects.create(
                query=normalize_query(results.query),
                lang=results.lang,
                kind=results.kind or "",
                result_count=results.total,
                suggestion=results.suggestion or "",
                duration_ms=round(seconds * 1000, 2),
            )
    except Exception:
        logger.exception("could not record search %r", results.query)
