"""Parse what a customer typed into words and their alternatives (the pipeline's first
stage), without ever using Whoosh's parser.

User text is words, not syntax: quotes, brackets, AND, *, ~ and : are just characters.
A part in double quotes is a phrase the results must contain. Every other word becomes a
group of alternatives: the word itself, its synonyms (editor-controlled), its dictionary
sub-words and, for an English word the index does not know, its likely spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.analysis import analyze, is_stop_word, normalize_query, query_terms, sub_words
from search.config import (
    COMPOUND_WEIGHT,
    MAX_TYPO_CORRECTIONS,
    SUB_WORD_WEIGHT,
    SYNONYM_PHRASE_WEIGHT,
    SYNONYM_WEIGHT,
    TYPO_WEIGHT,
)
from search.spelling import Vocabulary
from search.synonyms import SynonymTable, match_runs

QUOTED = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Alternative:
    """Index words that satisfy one word of the query; several words form a phrase."""

    words: tuple[str, ...]
    weight: float = 1.0


@dataclass
class ParsedQuery:
    text: str = ""
    groups: list[list[Alternative]] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.groups or self.phrases)

    @property
    def primary_words(self) -> list[str]:
        return [w for group in self.groups for w in group[0].words]

    def highlight_terms(self) -> set[str]:
        """Return every index term a match may have used."""
        terms = {w for phrase in self.phrases for w in phrase}
        terms.update(w for group in self.groups for alt in group for w in alt.words)
        for word in list(terms):
            terms.update(sub_words(word))
        return terms

    def suggestion(self) -> str | None:
        """Return the query with its misspelt words corrected, or None if none were."""
        if not self.corrections:
            return None
        suggestion = self.text
        for wrong, right in self.corrections.items():
            suggestion = re.sub(rf"\b{re.escape(wrong)}\b", right, suggestion)
        return suggestion


def parse_query(
    text: str, *, synonyms: SynonymTable | None = None, vocabulary: Vocabulary | None = None
) -> ParsedQuery:
    """Split user text into quoted phrases and groups of alternatives for each word."""
    parsed = ParsedQuery(text=normalize_query(text))
    for quoted in QUOTED.findall(parsed.text):
        terms = query_terms(quoted)
        if len(terms) > 1:
            parsed.phrases.append(terms)
        elif terms:
            parsed.groups.append([Alternative(tuple(terms))])
    rest = QUOTED.sub(" ", parsed.text).replace('"', " ")
    words = list(analyze(rest, expand=False, keep_stop_words=True))
    runs = {start: (end, alts) for start, end, alts in match_runs(words, synonyms)}
    i = 0
    while i < len(words):
        if i in runs:
            end, alternatives = runs[i]
            parsed.groups.append(_synonym_group(words[i:end], alternatives))
            i = end
            continue
        group = _word_group(words[i].text, rest[words[i].start : words[i].end], vocabulary, parsed)
        if group:
            parsed.groups.append(group)
        i += 1
    parsed.groups = _distinct(parsed.groups)
    return parsed


def _synonym_group(words, alternatives: list[tuple[str, ...]]) -> list[Alternative]:
    own = tuple(w.text for w in words if not is_stop_word(w.text))
    group = [Alternative(own)] if own else []
    group.extend(
        Alternative(alt, SYNONYM_WEIGHT if len(alt) == 1 else SYNONYM_PHRASE_WEIGHT)
        for alt in alternatives
        if alt != own
    )
    return group


def _word_group(
    term: str, surface: str, vocabulary: Vocabulary | None, parsed: ParsedQuery
) -> list[Alternative]:
    if is_stop_word(term):
        return []
    group = [Alternative((term,))]
    group.extend(Alternative((sub,), SUB_WORD_WEIGHT) for sub in sub_words(term))
    if vocabulary is None or vocabulary.knows_term(term):
        return group
    for correction in vocabulary.corrections(surface)[:MAX_TYPO_CORRECTIONS]:
        if words := tuple(query_terms(correction)):
            group.append(Alternative(words, TYPO_WEIGHT))
            parsed.corrections.setdefault(surface, correction)
    compound = vocabulary.split_compound(surface)
    if compound and (words := tuple(query_terms(" ".join(compound)))):
        group.append(Alternative(words, COMPOUND_WEIGHT))
        parsed.corrections.setdefault(surface, " ".join(compound))
    return group


def _distinct(groups: list[list[Alternative]]) -> list[list[Alternative]]:
    """Drop empty groups and repeats: two words of one synonym set ("拍照 当 证据") need one."""
    seen, kept = set(), []
    for group in groups:
        key = frozenset(alternative.words for alternative in group)
        if group and key not in seen:
            seen.add(key)
            kept.append(group)
    return kept
