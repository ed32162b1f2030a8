"""Snippets: the best passage of an entry, its matched words in <mark>, the rest escaped.

haystack's highlighter analyses with the English stemmer and finds nothing in Chinese,
so this one uses the index's own analyzer on the stored text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from faq.languages import glossaries
from faq.typography import ADDRESS
from search.analysis import analyze, read_back, to_simplified
from search.config import HIGHLIGHT_TAG, SNIPPET_LENGTH, mechanism_on

# The query's terms, each its own concept (a set) or mapped to the concept it stands for.
Terms = set[str] | Mapping[str, int]
ELLIPSIS = "…"
# Marks that end the text before a window: the window starts after them.
LEADING_MARKS = ".,;:!?，。；：！？、"
# A Markdown list item's marker at the start of a line of text.
LIST_MARKER = re.compile(r"\s*(?:[-*+]|\d{1,2}[.)])\s+")
# Passages are given UI language first; the best of the first few candidates is enough.
MAX_PASSAGES_ANALYSED = 6


def _analysed(text: str) -> tuple:
    """Return a passage's terms, read as the source language's words (a Traditional page's
    收件匣 is the index's 收件箱), offsets into the text as shown."""
    return _analysed_as(text, glossaries() if mechanism_on("glossary_readings") else ())


@lru_cache(maxsize=4096)
def _analysed_as(text: str, glossary: tuple[tuple[str, str], ...]) -> tuple:
    # Passages recur across searches, so their terms are memoised.
    return tuple(analyze(read_back(text, glossary, same_length=True)))


def _comparable(text: str) -> str:
    return _comparable_as(text, glossaries() if mechanism_on("glossary_readings") else ())


@lru_cache(maxsize=4096)
def _comparable_as(text: str, glossary: tuple[tuple[str, str], ...]) -> str:
    return to_simplified(read_back(text.lower(), glossary, same_length=True))


def matched_spans(text: str, terms: Terms) -> tuple[list[tuple[int, int]], int]:
    """Return the merged character spans of the text's words in terms, and how many
    distinct concepts of the query matched (counted before adjacent matches merge into one
    span). `terms` may map each term to its concept (the query's word it stands for: 客服代表
    and its sub-word 客服 are one); in a set, each term is one."""
    matches = [t for t in _analysed(text) if t.text in terms]
    # A word inside a web or e-mail address is no match ("…/help/customer/…").
    if "://" in text or "www." in text or "@" in text:
        addresses = [match.span() for match in ADDRESS.finditer(text)]
        matches = [t for t in matches if not any(a <= t.start < b for a, b in addresses)]
    concept = terms.get if isinstance(terms, Mapping) else str
    spans = sorted((t.start, t.end) for t in matches)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged, len({concept(t.text) for t in matches})


def best_passage(passages: list[str], terms: Terms) -> tuple[str, list[tuple[int, int]]]:
    """Return the passage matching the most distinct terms (the first of equals)."""
    best, best_spans, best_score = (passages[0] if passages else ""), [], 0
    for passage in _may_match(passages, terms):
        spans, score = matched_spans(passage, terms)
        if score > best_score:
            best, best_spans, best_score = passage, spans, score
    return best, best_spans


def _may_match(passages: list[str], terms: Terms) -> list[str]:
    """Return the passages that contain some term's stem, before analysing any of them.

    Index terms are lowercased stems (or Simplified Chinese), so a passage holding a match
    holds the term without its last letter ("repli" in "reply"), after t2s conversion.
    """
    stems = _stems(terms)
    found = []
    for passage in passages:
        if _holds_some(passage, stems):
            found.append(passage)
            if len(found) == MAX_PASSAGES_ANALYSED:
                break
    return found


def _stems(terms: Terms) -> set[str]:
    return {term[:-1] if len(term) > 3 and term.isascii() else term for term in terms}


def _holds_some(passage: str, stems: set[str]) -> bool:
    lowered = _comparable(passage)
    return any(stem in lowered for stem in stems)


def same_language_snippet(
    pairs: list[tuple[str, str]], terms: Terms, length: int = SNIPPET_LENGTH
) -> SafeString:
    """Return the snippet of the best line in the page's language.

    `pairs` are (line in the page's language, the same line in the other): where the match
    is in the other language's line, the page's own line is shown, its words for the
    query's concepts marked (synonym sets and the thesaurus name both languages' words).
    """
    best, best_score = next(iter(pairs), ("", "")), (0, 0)
    # A line in the page's language matching every concept of the query cannot be beaten:
    # the lines after it are not analysed (a line's analysis, segmenting included, is most
    # of what a snippet costs the first time the line is shown).
    unbeatable = (_concept_count(terms),) * 2
    for pair in _pairs_may_match(pairs, terms):
        own, other = (matched_spans(line, terms)[1] if line else 0 for line in pair)
        # The most terms in either language; of equals, the most in the page's own.
        if (score := (max(own, other), own)) > best_score:
            best, best_score = pair, score
            if best_score == unbeatable:
                break
    shown = best[0] or best[1]
    return _cut(shown, matched_spans(shown, terms)[0], length)


def _concept_count(terms: Terms) -> int:
    """Return how many distinct concepts a line can match at most (matched_spans' count)."""
    return len(set(terms.values())) if isinstance(terms, Mapping) else len(terms)


def _pairs_may_match(pairs: list[tuple[str, str]], terms: Terms) -> list[tuple[str, str]]:
    """Return the first pairs either of whose lines may hold a term (see _may_match)."""
    stems, found = _stems(terms), []
    for pair in pairs:
        if any(line and _holds_some(line, stems) for line in pair):
            found.append(pair)
            if len(found) == MAX_PASSAGES_ANALYSED:
                break
    return found


def snippet(passages: list[str], terms: Terms, length: int = SNIPPET_LENGTH) -> SafeString:
    """Return escaped HTML of the best passage around its matches, matches marked."""
    text, spans = best_passage(passages, terms)
    return _cut(text, spans, length)


def _cut(text: str, spans: list[tuple[int, int]], length: int) -> SafeString:
    """Return escaped HTML of a window of the text around its first match, matches marked;
    the window never starts or ends inside a word."""
    # A Markdown list item's marker ("- 电话（Phone）：…", "2. Click…") is not shown.
    first = marker.end() if (marker := LIST_MARKER.match(text)) else 0
    start = max(first, _window_start(text, spans, length))
    end = min(len(text), start + length)
    start, end = _word_bounds(text, start, end)
    if start > first:  # "…If the tracking", not "…. If the tracking"
        while start < end and (text[start].isspace() or text[start] in LEADING_MARKS):
            start += 1
    html = [ELLIPSIS] if start > first else []
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        html.append(escape(text[cursor:span_start]))
        html.append(f"<{HIGHLIGHT_TAG}>{escape(text[span_start:span_end])}</{HIGHLIGHT_TAG}>")
        cursor = span_end
    html.append(escape(text[cursor:end]))
    if end < len(text):
        html.append(ELLIPSIS)
    return mark_safe("".join(html))


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a window's ends off the middle of a (Latin-letter) word: the start forward to
    the word's end, the end back to the word's start."""
    while 0 < start < end and _inside_word(text, start):
        start += 1
    while start < end < len(text) and _inside_word(text, end):
        end -= 1
    return start, end


def _inside_word(text: str, i: int) -> bool:
    return _word_character(text[i - 1]) and _word_character(text[i])


def _word_character(char: str) -> bool:
    return (char.isascii() and char.isalnum()) or char in "'\u2019"


def _window_start(text: str, spans: list[tuple[int, int]], length: int) -> int:
    """Start the window a little before the first match, keeping the window full."""
    if not spans or len(text) <= length:
        return 0
    lead = length // 5
    return max(0, min(spans[0][0] - lead, len(text) - length))
