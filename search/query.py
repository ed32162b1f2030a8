"""Turn what a customer typed into a Whoosh query, without ever using Whoosh's parser.

User text is words, not syntax: quotes, brackets, AND, *, ~ and : are just characters.
A part in double quotes is a phrase the results must contain; everything else is words,
any of which may match, and entries matching more of them rank higher.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as wq

from search.analysis import query_terms, sub_words
from search.config import (
    COORDINATION,
    FIELD_TIE_BREAKER,
    MAX_QUERY_LENGTH,
    PROXIMITY_WEIGHT,
    SEARCH_FIELDS,
    SUB_WORD_WEIGHT,
)
from search.scoring import BestFields

QUOTED = re.compile(r'"([^"]*)"')
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    def highlight_terms(self) -> set[str]:
        """Return every index term a match may have used: words, phrase words, sub-words."""
        terms = set(self.words)
        for phrase in self.phrases:
            terms.update(phrase)
        for word in list(terms):
            terms.update(sub_words(word))
        return terms


def normalize_query(text: str) -> str:
    """Return the query as it is logged and compared: NFKC, no control characters, one space."""
    text = unicodedata.normalize("NFKC", text or "")
    text = CONTROL.sub(" ", text)
    return " ".join(text.split()).lower()[:MAX_QUERY_LENGTH]


def parse_query(text: str) -> ParsedQuery:
    """Split user text into quoted phrases and plain words, each analysed like the index."""
    text = normalize_query(text)
    parsed = ParsedQuery()
    for quoted in QUOTED.findall(text):
        terms = query_terms(quoted)
        if len(terms) > 1:
            parsed.phrases.append(terms)
        else:
            parsed.words.extend(terms)
    for term in query_terms(QUOTED.sub(" ", text).replace('"', " ")):
        if term not in parsed.words:
            parsed.words.append(term)
    return parsed


def build_query(parsed: ParsedQuery, *, all_words: bool = True) -> wq.Query:
    """Return the Whoosh query for a parsed query.

    With all_words, every word must match (somewhere in the entry, in either language);
    without, any may, and entries matching more of them rank higher. Callers try all
    words first and relax when that finds nothing, as help-center search boxes do.
    """
    required = [_phrase(terms) for terms in parsed.phrases]
    words = [_word(word) for word in parsed.words]
    if all_words:
        required.extend(words)
        words = []
    elif words:
        required.append(wq.Or(words, scale=COORDINATION))
    if len(parsed.words) > 1:
        return wq.AndMaybe(wq.And(required), _phrase(parsed.words, boost=PROXIMITY_WEIGHT))
    return wq.And(required) if len(required) > 1 else required[0]


def _word(word: str) -> wq.Query:
    """Match a word in its best field, the other fields adding a little (best_fields)."""
    alternatives = [wq.Term(name, word) for name in SEARCH_FIELDS]
    for sub in sub_words(word):
        alternatives.extend(wq.Term(name, sub, boost=SUB_WORD_WEIGHT) for name in SEARCH_FIELDS)
    return BestFields(alternatives, tiebreak=FIELD_TIE_BREAKER)


def _phrase(terms: list[str], boost: float = 1.0) -> wq.Query:
    return wq.Or([wq.Phrase(name, terms, boost=boost) for name in SEARCH_FIELDS])
