"""The ranking pipeline, stage by stage: parse → retrieve → combine → rescore → pin → present.

Each stage is a function from the previous stage's output to its own, reading one
`SearchSnapshot` (search/snapshot.py). Weights and switches live in search/config.py;
the scorer that turns terms into BM25F score maps is search/scoring.py.

1. parse: the customer's text becomes word groups (each word with its synonyms,
   sub-words and spelling corrections) and quoted phrases (search/query.py).
2. retrieve: every group and phrase is scored over the whole index into a score map.
3. combine: entries matching every group and phrase, or, when none does, any group.
   Counts by kind come from the whole set; the kind filter applies here.
4. rescore: the best RESCORE_WINDOW entries earn bonuses for a title holding every word
   and for the words standing together as typed (Elasticsearch's rescore window).
5. pin: entries an editor pinned to the query (best bets) go first, matched or not.
6. present: the page of entries is loaded and shown in the UI language, with snippets.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.utils import translation
from whoosh import query as wq

from faq.kinds import kind_named
from faq.languages import converter
from search.config import (
    CONTENT_TYPES,
    COVERAGE_POWER,
    KIND_LABELS,
    KIND_OF_CONTENT_TYPE,
    LANGUAGES,
    MIN_COVERAGE,
    PAIR_PROXIMITY_WEIGHT,
    PAIR_WINDOW,
    PROXIMITY_WEIGHT,
    RESCORE_WINDOW,
    SEARCH_FIELD,
    TITLE_COVERAGE_WEIGHT,
    TITLE_FIELD,
    TOPIC_SHARE,
    mechanism_on,
)
from search.documents import aligned_lines, passages
from search.highlight import same_language_snippet, snippet
from search.models import without_edge_punctuation
from search.query import Alternative, ParsedQuery, parse_query
from search.scoring import ScoreMap, all_of, any_of, best
from search.snapshot import IndexView, SearchSnapshot

EntryKey = tuple[str, int]  # (content type, pk)


@dataclass(frozen=True)
class SearchRequest:
    text: str  # normalised (search.analysis.normalize_query)
    lang: str
    kind: str | None
    limit: int
    offset: int


@dataclass(frozen=True)
class Matches:
    """Stage 2's output: a score map per quoted phrase and per word group."""

    phrases: list[ScoreMap]
    groups: list[ScoreMap]


@dataclass
class Candidates:
    """Stage 3's output: the matching documents' scores, how many, and how many per kind."""

    scores: ScoreMap
    total: int
    kind_counts: dict[str, int]


@dataclass
class Ranking:
    """Stages 4 and 5's output: documents best first, with the totals to show."""

    docnums: list[int]
    scores: ScoreMap
    total: int
    kind_counts: dict[str, int]
    pinned: set[int] = field(default_factory=set)


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


# 1. parse


def parse(text: str, snapshot: SearchSnapshot) -> ParsedQuery:
    """Return the query's word groups and phrases, with what the snapshot knows of words."""
    return parse_query(text, lexicon=snapshot.lexicon)


# 2. retrieve


def retrieve(parsed: ParsedQuery, index: IndexView, last_resort: bool = False) -> Matches:
    """Return the score map of every phrase and word group over the whole index; with
    last_resort, the groups' last-resort alternatives (single characters) count too."""
    phrases = [index.scores.scores(_phrase(terms)) for terms in parsed.phrases]
    groups = [
        _group_scores(kept, index, len(parsed.groups) > 1)
        if (kept := _alternatives(group, last_resort))
        else {}
        for group in parsed.groups
    ]
    return Matches(phrases, groups)


def _group_scores(group: list[Alternative], index: IndexView, among_others: bool) -> ScoreMap:
    """Return a group's score map: its best alternative plus a fraction of the others';
    for a topic word among other words, its best alternative's alone.

    A word the customer typed that most entries hold (客服, "customer service" in a guide
    to contacting customer service) is the site's topic, and says little about which entry
    is meant. Its synonyms' extra scores would rank the long pages that use the topic in
    the most wordings (客服, 客服代表, "agent", "customer service") first whatever else the
    question says: 客服态度差 went to the live-chat page, not to escalating. Typed alone,
    the topic is what is asked about, and the pages richest in it still come first."""
    query = _group(group)
    if (
        among_others
        and len(group) > 1
        and mechanism_on("topic_words")
        and _is_topic(group[0], index)
    ):
        return index.scores.scores(wq.DisjunctionMax(query.subqueries))
    return index.scores.scores(query)


def _is_topic(alternative: Alternative, index: IndexView) -> bool:
    """Return whether a word (as typed) is in at least TOPIC_SHARE of the entries."""
    found = index.scores.scores(_match(alternative.field, alternative))
    return len(found) >= TOPIC_SHARE * index.document_count


def _alternatives(group: list[Alternative], last_resort: bool) -> list[Alternative]:
    return [alternative for alternative in group if last_resort or not alternative.last_resort]


# 3. combine


def combine(
    matches: Matches,
    index: IndexView,
    kind: str | None,
    fallback: Callable[[], Matches] | None = None,
) -> Candidates:
    """Return the entries matching every phrase and some group, ranked by how much of the
    query they cover; if none does, those the `fallback` retrieval finds (no dead ends).
    Count them by kind."""
    scores = _matching(matches, index)
    if not scores and fallback is not None and mechanism_on("bigrams"):
        scores = _matching(fallback(), index)
    by_kind = index.kind_documents()
    counted = Counter(map(index.document_kinds().__getitem__, scores))
    kind_counts = {name: counted[name] for name in by_kind}
    if kind:
        scores = {d: s for d, s in scores.items() if d in by_kind[kind]}
    return Candidates(scores, len(scores), kind_counts)


def _matching(matches: Matches, index: IndexView) -> ScoreMap:
    """Return the entries matching every phrase and, with coverage on, any group, ranked
    by how much of the query they cover; with it off, every group, or any if none does.

    An entry holding every word is not the only answer: on a long question, the one entry
    that happens to hold a filler word (先, "just") would be the only result, above the
    entry about the question's subject that lacks it. Covering every word is worth the
    most, as Lucene's classic coordination factor made it."""
    if len(matches.groups) < 2:
        return all_of(matches.phrases + matches.groups)
    within = all_of(matches.phrases) if matches.phrases else None
    if mechanism_on("coverage"):
        return _by_coverage(matches.groups, within, index.document_count)
    return all_of(matches.phrases + matches.groups) or any_of(matches.groups, within=within)


def _by_coverage(groups: list[ScoreMap], within: ScoreMap | None, documents: int) -> ScoreMap:
    """Return the entries matching any group (inside `within`, if given; scores summed as
    any_of sums them), ranked by how much of the query they cover.

    Each entry's score is multiplied by its share of the query's groups, each weighted by
    its inverse document frequency, to COVERAGE_POWER; entries below MIN_COVERAGE of the
    best share are dropped. The scores and the shares are summed in one walk over the
    groups' postings (a cold query's groups hold thousands of entries).
    """
    weights = [math.log(1 + documents / len(group)) if group else 0.0 for group in groups]
    scores: ScoreMap = {}
    covered: dict[int, float] = {}
    for weight, group in zip(weights, groups, strict=True):
        for docnum, score in group.items():
            if within is None:
                scores[docnum] = scores.get(docnum, 0.0) + score
            elif docnum in within:
                scores[docnum] = scores.get(docnum, within[docnum]) + score
            else:
                continue
            covered[docnum] = covered.get(docnum, 0.0) + weight
    total = sum(weights) or 1.0
    floor = MIN_COVERAGE * max(covered.values(), default=0.0)
    return {
        docnum: score * (covered[docnum] / total) ** COVERAGE_POWER
        for docnum, score in scores.items()
        if covered[docnum] >= floor
    }


# 4. rescore


def rescore(parsed: ParsedQuery, candidates: Candidates, index: IndexView, needed: int) -> Ranking:
    """Return the best entries, best first, after the title and proximity bonuses.

    Only the best max(needed, RESCORE_WINDOW) get the bonuses: the titles' from cached score
    maps, the words standing together scored for the window alone.
    """
    window = best(candidates.scores, max(needed, RESCORE_WINDOW))
    titles = [index.scores.scores(query) for query in _title_queries(parsed)]
    together = _proximity_scores(parsed, index, window)
    scores = dict(candidates.scores)
    for docnum in window:
        if titles and all(docnum in title for title in titles):
            scores[docnum] += TITLE_COVERAGE_WEIGHT * sum(title[docnum] for title in titles)
        scores[docnum] += together.get(docnum, 0.0)
    ranked = sorted(window, key=lambda docnum: (-scores[docnum], docnum))
    return Ranking(ranked, scores, candidates.total, dict(candidates.kind_counts))


def _title_queries(parsed: ParsedQuery) -> list[wq.Query]:
    """Return one title query per group: an entry matching all of them has every word in
    its title, and earns TITLE_COVERAGE_WEIGHT times their scores. A query of one word too:
    typed alone, the site's topic ("customer service", 客服) is best answered by the pages
    whose titles name it, not by the page whose body says it most (the escalation tip)."""
    words = [[alt for alt in group if alt.field == SEARCH_FIELD] for group in parsed.groups]
    return [_group(group, TITLE_FIELD) for group in words if group]


def _proximity_scores(parsed: ParsedQuery, index: IndexView, window: list[int]) -> ScoreMap:
    """Return the window's scores for the query's words standing together, in order, as
    typed (only the window's: the phrase is the whole query's, so no other query reuses
    its map, and scoring it over the whole index was a third of a cold search)."""
    if len(parsed.primary_words) < 2:
        return {}
    phrase = _phrase(parsed.primary_words, boost=PROXIMITY_WEIGHT)
    together = index.scores.scores_within(phrase, window)
    if mechanism_on("word_pairs"):
        together = any_of([together, _pair_scores(parsed, index, window)])
    return together


def _pair_scores(parsed: ParsedQuery, index: IndexView, window: list[int]) -> ScoreMap:
    """Return the window's scores for each two neighbouring words of a longer query standing
    together as typed: "help articles", "chat window", "way to contact" name one thing in a
    question that no entry holds whole. Only words of two groups (an editors' phrase,
    "customer service", is one group already, and its words count as a phrase), and of one
    script. Chinese pairs too (chinese_word_pairs): the dictionary cuts 退货政策 and
    联系客服 into two words each, and a question holding them still names one thing.
    Scored for the best PAIR_WINDOW of the window only: a pair's positions cost a posting
    block read per entry."""
    words = parsed.typed or [g[0].words for g in parsed.groups if g[0].field == SEARCH_FIELD]
    if sum(map(len, words)) < 3:
        return {}  # the whole query's phrase is the one pair
    chinese = mechanism_on("chinese_word_pairs")
    pairs = [
        (left[-1], right[0])
        for left, right in pairwise(words)
        if left[-1].isascii() == right[0].isascii() and (chinese or left[-1].isascii())
    ]
    leading = window[:PAIR_WINDOW]
    return any_of(
        [
            index.scores.scores_within(_phrase(list(pair), boost=PAIR_PROXIMITY_WEIGHT), leading)
            for pair in dict.fromkeys(pairs)
        ]
    )


def _group(group: list[Alternative], field_name: str | None = None) -> wq.Query:
    """Return a group's query: each alternative in its own field, or all in `field_name`."""
    return wq.Or([_match(field_name or alternative.field, alternative) for alternative in group])


def _match(field_name: str, alternative: Alternative) -> wq.Query:
    if len(alternative.words) == 1:
        return wq.Term(field_name, alternative.words[0], boost=alternative.weight)
    return wq.Phrase(field_name, list(alternative.words), boost=alternative.weight)


def _phrase(terms: list[str], boost: float = 1.0) -> wq.Query:
    return wq.Phrase(SEARCH_FIELD, terms, boost=boost)


# 5. pin


def pinned_keys(parsed: ParsedQuery, snapshot: SearchSnapshot, kind: str | None) -> list:
    """Return the entries an editor pinned to this query (of this kind), in order."""
    best_bets = snapshot.editors.best_bets
    if not best_bets:
        return []
    wanted = CONTENT_TYPES.get(kind)
    keys = best_bets.get(without_edge_punctuation(parsed.text), [])  # the text is normalised
    return [key for key in keys if wanted in (None, key[0])]


def pin(ranking: Ranking, keys: list[EntryKey], index: IndexView) -> Ranking:
    """Put the pinned entries first; count those the query did not match.

    Unpublished entries are not in the index, so they are never pinned.
    """
    docnums = [index.document_number(content_type, pk) for content_type, pk in keys]
    pinned = [docnum for docnum in docnums if docnum is not None]
    for docnum in pinned:
        if docnum not in ranking.scores:
            ranking.total += 1
            kind = KIND_OF_CONTENT_TYPE[index.identity(docnum)[0]]
            ranking.kind_counts[kind] = ranking.kind_counts.get(kind, 0) + 1
    first = set(pinned)
    ranking.docnums = pinned + [docnum for docnum in ranking.docnums if docnum not in first]
    ranking.pinned = first
    return ranking


# 6. present


def present(
    docnums: list[int], ranking: Ranking, parsed: ParsedQuery, index: IndexView, lang: str
) -> list[SearchHit]:
    """Return the hits of these documents, shown in `lang`, each with its best snippet."""
    found = [(index.identity(docnum), docnum) for docnum in docnums]
    entries = index.entries([key for key, _docnum in found], _load_entries)
    terms = parsed.highlight_terms()
    others = [code for code in LANGUAGES if code != lang]
    hits = []
    with translation.override(lang):
        for key, docnum in found:
            entry = entries.get(key)
            if entry is None:  # unpublished or deleted since it was indexed
                continue
            links = getattr(entry, "published_channel_links", None)
            hits.append(
                SearchHit(
                    kind=KIND_OF_CONTENT_TYPE[key[0]],
                    entry=entry,
                    score=round(ranking.scores.get(docnum, 0.0), 3),
                    title=str(entry.title),
                    url=_kept(entry, ("url", lang), entry.get_absolute_url),
                    snippet=_snippet(entry, lang, others, terms),
                    contact_channel=links[0].channel if links else None,
                    pinned=docnum in ranking.pinned,
                )
            )
    return hits


def suggestion(parsed: ParsedQuery, lang: str) -> str | None:
    """Return did-you-mean as the page shows it, in the page's script (zh-hant reads
    Traditional)."""
    text = parsed.suggestion()
    convert = converter(lang)
    return convert(text) if text and convert else text


# A hit shows its title above its snippet: the snippet is cut from the rest of the entry
# (what it is for, its problems, steps, notes), from the title only when nothing else is.
SNIPPET_SECTIONS = ("summary", "text")


def _snippet(entry, lang: str, others: list[str], terms: Mapping[str, int]) -> str:
    """Return the entry's snippet: its best line in `lang` (the same line as the best match
    in another language), or, with that mechanism off, its best line in any language."""
    if mechanism_on("same_language_snippets"):
        return same_language_snippet(
            _kept(entry, ("lines", lang), lambda: _pairs(entry, lang, others)), terms
        )
    lines = [line for code in (lang, *others) for line in _lines(passages(entry, code))]
    return snippet(lines, terms)


def _pairs(entry, lang: str, others: list[str]) -> list[tuple[str, str]]:
    """Return the entry's lines in `lang` beside the same lines in the other language."""
    if not others:
        return []
    return aligned_lines(entry, lang, others[0], SNIPPET_SECTIONS) or aligned_lines(
        entry, lang, others[0], ("title",)
    )


def _kept(entry, key: tuple, compute: Callable[[], Any]) -> Any:
    """Return what a hit shows of an entry (its URL, its lines by language), computed once:
    loaded entries are kept by the index view and never change (an edit makes a new view),
    so neither does anything derived from them; it goes when the view forgets the entry."""
    kept = entry.__dict__.setdefault("_search_kept", {})
    if key not in kept:
        kept[key] = compute()
    return kept[key]


def _load_entries(keys: list[EntryKey]) -> dict[EntryKey, object]:
    """Load published entries in one query per kind, with what their hits show."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for content_type, pk in keys:
        by_type[content_type].append(pk)
    loaded = {}
    for content_type, pks in by_type.items():
        for entry in _queryset(KIND_OF_CONTENT_TYPE[content_type]).filter(pk__in=pks):
            loaded[(content_type, entry.pk)] = entry
    return loaded


def _queryset(kind: str):
    return kind_named(kind).search_results()


def _lines(by_section: dict[str, list[str]]) -> list[str]:
    """Return every line of the snippet's sections (a snippet is cut from one line of
    text), or of the title when they have none."""
    lines = [
        line
        for section in SNIPPET_SECTIONS
        for text in by_section[section]
        for line in text.splitlines()
    ]
    return lines or [line for text in by_section["title"] for line in text.splitlines()]
