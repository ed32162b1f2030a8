"""The one search function: the page and the API both call `faq_search`."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import translation
from whoosh import query as wq
from whoosh import sorting

from faq.models import IssueChannel
from search import engine
from search.config import DEFAULT_LIMIT, KIND_LABELS, KINDS, LANGUAGES
from search.documents import passages
from search.highlight import snippet
from search.models import QueryLog
from search.query import ParsedQuery, build_query, normalize_query, parse_query

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


def faq_search(
    *,
    query: str,
    lang: str,
    kind: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    record: bool = True,
) -> SearchResults:
    """Return the published entries matching a query, best first, shown in `lang`."""
    started = time.perf_counter()
    results = SearchResults(query=query.strip(), lang=lang, kind=kind)
    parsed = parse_query(query)
    searcher = engine.current_searcher()
    if parsed and searcher is not None:
        _run(searcher, parsed, results, limit=limit, offset=offset)
    if record and parsed:
        record_search(query, lang, kind, results.total, time.perf_counter() - started)
    return results


def _run(searcher, parsed: ParsedQuery, results: SearchResults, *, limit: int, offset: int):
    facet = sorting.FieldFacet("django_ct", maptype=sorting.Count)
    whoosh_query, everything = None, None
    for all_words in _strictness(parsed):
        whoosh_query = build_query(parsed, all_words=all_words)
        everything = searcher.search(whoosh_query, limit=offset + limit, groupedby=facet)
        if not everything.is_empty():
            break
    counts = everything.groups("django_ct")
    results.kind_counts = {k: counts.get(ct, 0) for k, ct in CONTENT_TYPES.items()}
    page = everything
    if results.kind:
        kind_filter = wq.Term("django_ct", CONTENT_TYPES[results.kind])
        page = searcher.search(whoosh_query, limit=offset + limit, filter=kind_filter)
        results.total = results.kind_counts[results.kind]
    else:
        results.total = len(everything)
    found = [(hit["django_ct"], int(hit["django_id"]), hit.score) for hit in page[offset:]]
    results.hits = _hits(found[:limit], results.lang, parsed)


def _strictness(parsed: ParsedQuery) -> list[bool]:
    """Require every word first; when that finds nothing, accept entries matching some."""
    return [True, False] if len(parsed.words) > 1 else [True]


def _hits(found: list[tuple[str, int, float]], lang: str, parsed: ParsedQuery) -> list[SearchHit]:
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


def record_search(query: str, lang: str, kind: str | None, total: int, seconds: float) -> None:
    """Log a search for the editors; a failure to log is reported, never raised."""
    try:
        with transaction.atomic():
            QueryLog.objects.create(
                query=normalize_query(query),
                lang=lang,
                kind=kind or "",
                result_count=total,
                duration_ms=round(seconds * 1000, 2),
            )
    except Exception:
        logger.exception("could not record search %r", query)
