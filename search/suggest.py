"""Autocomplete: entry titles that start like what is being typed, the search's own top
answers for it, and frequent past queries that start like it.

Works from the first character in Chinese ("退", "礼品"), where haystack's NGRAM fields
(3 characters and up) find nothing. Titles are matched in both languages and shown in
the UI language; the list belongs to the search snapshot, so it is rebuilt only when the
index changed (every edit of an entry re-indexes it). A question no title starts with
(退款多久, "where is my refund") still gets an answer: the top hits of `faq_search` for
the text, ranked as the results page ranks them and cached with its results.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from faq.languages import converter
from search.analysis import is_chinese, normalize_query
from search.config import (
    KINDS,
    LANGUAGES,
    MAX_SUGGESTED_ANSWERS,
    MAX_SUGGESTIONS,
    MIN_ANSWER_SHARE,
    PAGE_SIZE,
)
from search.query_stats import suggestable_queries
from search.services import faq_search
from search.snapshot import SearchSnapshot, current_snapshot


@dataclass(frozen=True)
class TitleEntry:
    kind: str
    keys: tuple[str, ...]  # normalised titles in every language
    titles: dict[str, str]  # UI language -> title shown
    urls: dict[str, str]


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind: str  # an entry kind, or "query" for a past search
    url: str | None = None
    # "title": the entry's title matches what was typed; "answer": one of the search's top
    # hits for it; "query": a past search.
    source: str = "query"


def faq_suggest(
    *,
    prefix: str,
    lang: str,
    kind: str | None = None,
    limit: int = MAX_SUGGESTIONS,
    snapshot: SearchSnapshot | None = None,
) -> list[Suggestion]:
    """Return up to `limit` completions for a prefix: titles, the search's top answers
    not among them (entries of `kind` only, when given), then past queries."""
    key = normalize_query(prefix)
    if not key:
        return []
    snapshot = snapshot or current_snapshot()
    answers = _answers(prefix, lang, kind, snapshot)[: min(limit, MAX_SUGGESTED_ANSWERS)]
    found = _titles_then_answers(_titles(key, lang, kind, snapshot), answers, limit)
    shown = {s.text.lower() for s in found}
    for query in _past_queries(key, lang, limit):
        if len(found) >= limit:
            break
        if query not in shown:
            found.append(Suggestion(query, "query"))
            shown.add(query)
    return found


def _titles(key: str, lang: str, kind: str | None, snapshot: SearchSnapshot) -> list[Suggestion]:
    """Return the entries whose title matches the key, best match first, shown in `lang`."""
    entries = title_entries(snapshot)
    if kind:
        entries = [entry for entry in entries if entry.kind == kind]
    matches = sorted(_title_matches(key, entries), key=lambda pair: pair[0])
    return [
        Suggestion(entry.titles[lang], entry.kind, entry.urls[lang], "title")
        for _rank, entry in matches
    ]


def _answers(
    prefix: str, lang: str, kind: str | None, snapshot: SearchSnapshot
) -> list[Suggestion]:
    """Return the search's hits for what was typed, best first, as the results page has them.

    Asked as the first results page asks (PAGE_SIZE hits), so that the search a customer
    finally submits is already in the snapshot's result cache. Never logged: a prefix
    typed on the way to a question is not a search anyone made.
    """
    results = faq_search(
        query=prefix, lang=lang, kind=kind, limit=PAGE_SIZE, record=False, snapshot=snapshot
    )
    best = max((hit.score for hit in results.hits if not hit.pinned), default=0.0)
    return [
        Suggestion(hit.title, hit.kind, hit.url, "answer")
        for hit in results.hits
        if hit.pinned or hit.score >= MIN_ANSWER_SHARE * best
    ]


def _titles_then_answers(
    titles: list[Suggestion], answers: list[Suggestion], limit: int
) -> list[Suggestion]:
    """Return titles, then the answers not among them, each entry once, at most `limit`.

    The answers keep their places even when many titles match (a short prefix at
    thousands of entries); an answer that is a shown title leaves its place to the next.
    """
    room = limit - len(answers)
    shown = {title.url for title in titles[:room]}
    extra = [answer for answer in answers if answer.url not in shown]
    answer_urls = {answer.url for answer in answers}
    more = [title for title in titles[room:] if title.url not in answer_urls]
    return [*titles[:room], *more[: limit - room - len(extra)], *extra]


def _title_matches(key: str, entries: list[TitleEntry]) -> list[tuple[int, TitleEntry]]:
    """Return (rank, entry): 0 when a title starts with the key, 1 at a word, 2 inside."""
    matches = []
    for entry in entries:
        ranks = [rank for title in entry.keys if (rank := _match_rank(title, key)) is not None]
        if ranks:
            matches.append((min(ranks), entry))
    return matches


def _match_rank(title: str, key: str) -> int | None:
    """Return 0 for a title starting with the key, 1 for a word starting with it, 2 inside.

    Inside a word counts only for Chinese, written without spaces between words.
    """
    position = title.find(key)
    while position > 0 and title[position - 1] != " " and not is_chinese(key[0]):
        position = title.find(key, position + 1)
    if position < 0:
        return None
    if position == 0:
        return 0
    return 1 if title[position - 1] == " " else 2


def _past_queries(key: str, lang: str, limit: int) -> list[str]:
    """Return visitors' earlier queries starting with key that are safe to offer everyone,
    in the script of `lang` (they are logged normalised, in Simplified Chinese).

    Read from a small table that `manage.py maintain_query_log` recomputes from the daily
    aggregates (search/query_stats.py), never the raw log: a query is offered only once
    distinct visitors asked it on several days and it found results as typed, and never
    when it holds a URL, an e-mail address or a phone number, so that nobody can plant a
    suggestion by repeating a request.
    """
    queries = suggestable_queries(key, limit)
    convert = converter(lang)
    return [convert(query) for query in queries] if convert else queries


def title_entries(snapshot: SearchSnapshot) -> list[TitleEntry]:
    """Return every published entry's titles, loaded once per snapshot of the index."""
    if snapshot.index is None:  # no index yet: nothing to keep them with
        return _load_title_entries()
    return snapshot.index.derived("titles", _load_title_entries)


def _load_title_entries() -> list[TitleEntry]:
    entries = []
    for kind, model in KINDS.items():
        for entry in model.objects.published():
            titles, urls, keys = {}, {}, []
            for lang in LANGUAGES:
                with translation.override(lang):
                    # str() is a channel's short name ("电话"), other entries' title.
                    titles[lang], urls[lang] = str(entry), entry.get_absolute_url()
                    names = (str(entry), str(entry.title))
                keys.extend(normalize_query(name) for name in names)
            entries.append(TitleEntry(kind, tuple(dict.fromkeys(keys)), titles, urls))
    return entries
