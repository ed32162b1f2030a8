"""Typo tolerance and "did you mean", built on the words search knows.

Typos follow Meilisearch's rule: words of 5 to 8 letters may be one edit off, words of 9
or more two (Damerau-Levenshtein: a swap of two letters is one edit); a word of 4 letters
may only have two neighbouring letters swapped ("chta"), and shorter words must be exact,
so "card" never matches "care". The budget counts the longer of the typed and
the known word, so "curtious" (8) may reach "courteous" (9) with two. haystack's Whoosh
backend suggests nothing when a query has no hits (django-haystack#644), which is exactly
when a suggestion is needed.

The words a misspelling is corrected to are the index's English words, the editors'
synonym sets' and the thesaurus's (search/thesaurus.py): words that lead somewhere. A word
of the general English lexicon (WordNet's lemmas and their irregular forms, "came",
"bought") is never "corrected", and a typo of one
is corrected to it when nothing closer is known, so did-you-mean can still spell it right.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from whoosh.reading import IndexReader

from search import bridge
from search.analysis import english_stem, is_stop_word
from search.config import SEARCH_FIELD, mechanism_on
from search.thesaurus import EnglishLexicon

SPELLING_FIELD = "spelling"
ONE_TYPO_FROM = 5
TWO_TYPOS_FROM = 9
# Shorter words may only have two neighbouring letters swapped, the commonest slip of the
# fingers ("chta" is chat, "itme" item), from 4 letters: a swap never turns "card" into
# "care", and a real word is never corrected (Algolia and Typesense allow any one typo
# from 4 letters).
ONE_SWAP_FROM = 4
MIN_COMPOUND_PART = 3
LETTERS = string.ascii_lowercase


@dataclass
class Vocabulary:
    """What the index knows: its search terms and the English words they came from."""

    reader: IndexReader

    def knows_term(self, term: str) -> bool:
        return self.reader.doc_frequency(SEARCH_FIELD, term) > 0

    def knows_word(self, word: str) -> bool:
        return self.reader.doc_frequency(SPELLING_FIELD, word) > 0

    def terms_starting(self, prefix: str) -> list[str]:
        """Return the index's search terms that start with a prefix (the term dictionary
        only, no postings)."""
        return [
            term.decode("utf-8") if isinstance(term, bytes) else term
            for term in self.reader.expand_prefix(SEARCH_FIELD, prefix)
        ]

    def english_words(self) -> dict[str, int]:
        """Return every English word of the index as written, with how many entries use it."""
        field_type = self.reader.schema[SPELLING_FIELD]
        return {
            field_type.from_bytes(text): self.reader.doc_frequency(SPELLING_FIELD, text)
            for text in self.reader.lexicon(SPELLING_FIELD)
        }


@dataclass
class Speller:
    """The words a misspelling may be corrected to, by first letter, and how common each is."""

    frequency: Mapping[str, int]
    lexicon: EnglishLexicon = field(
        default_factory=lambda: EnglishLexicon(frozenset(), frozenset())
    )
    _by_letter: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls, index_words: Mapping[str, int], extra: Iterable[str], lexicon: EnglishLexicon
    ) -> Speller:
        """Return a speller over the index's words and other known words (synonyms...)."""
        frequency = {w: 0 for w in extra if w.isascii() and w.isalpha()}
        frequency.update(index_words)
        speller = cls(frequency, lexicon)
        for word in sorted(frequency):
            speller._by_letter.setdefault(word[0], []).append(word)
        return speller

    def knows(self, word: str) -> bool:
        return word in self.frequency

    def is_real_word(self, word: str) -> bool:
        """Return whether a word is known here or in the general English lexicon (an
        irregular form too: "came" is no misspelt "acme"), or is a dictionary's English for
        a Chinese word (CC-CEDICT's glosses hold names WordNet lacks: "iphone" is no
        misspelt "phone")."""
        return (
            word in self.frequency
            or english_stem(word) in self.lexicon.stems
            or (mechanism_on("irregular_forms") and word in self.lexicon.irregular)
            or bool(bridge.chinese(word))
        )

    def corrections(self, word: str) -> list[str]:
        """Return the known words within the typo budget of a misspelt word, best first."""
        if not word.isascii() or not word.isalpha() or self.is_real_word(word):
            return []
        distances = {
            candidate: distance
            for candidate in self._by_letter.get(word[0], ())
            if (budget := typo_budget(max(word, candidate, key=len)))
            and abs(len(candidate) - len(word)) <= budget
            and (distance := edit_distance(word, candidate)) <= budget
            and distance <= typo_budget(word) + 1
        }
        if not typo_budget(word) and len(word) >= ONE_SWAP_FROM:
            distances.update(dict.fromkeys(swaps(word) & self.frequency.keys(), 1))
        slip = (lambda w: not is_slip(word, w)) if mechanism_on("likely_typos") else (lambda w: 0)
        found = sorted(distances, key=lambda w: (distances[w], slip(w), -self.frequency[w], w))
        return found or self._lexicon_corrections(word)

    def _lexicon_corrections(self, word: str) -> list[str]:
        """Return general English words one edit away (for did-you-mean), likeliest first;
        for a short word, one swap away."""
        if typo_budget(word):
            candidates = edits1(word)
        elif len(word) >= ONE_SWAP_FROM:
            candidates = [swaps(word)]
        else:
            return []
        found: dict[str, None] = {}
        known = self.lexicon.known_words(set().union(*candidates))
        for edits in candidates:
            found.update((w, None) for w in sorted(edits) if w in known)
        return [w for w in found if not is_stop_word(w)]

    def split(self, word: str) -> tuple[str, str] | None:
        """Return two known words that an unknown word runs together ("giftcard"), if any."""
        if not word.isascii() or not word.isalpha() or self.is_real_word(word):
            return None
        for cut in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
            left, right = word[:cut], word[cut:]
            if is_stop_word(left) or is_stop_word(right):
                continue  # "mean" is not "me an"
            if self.knows(left) and self.knows(right):
                return left, right
        return None

    def join(self, left: str, right: str) -> str | None:
        """Return the known word two typed words make together ("screen shot"), if either
        of them alone is not a known word."""
        joined = left + right
        if not joined.isascii() or not joined.isalpha() or not self.knows(joined):
            return None
        return joined if not (self.knows(left) and self.knows(right)) else None


def typo_budget(word: str) -> int:
    """Return how many edits a word may be off: 0 below 5 letters, 1 below 9, else 2."""
    if not (word.isascii() and word.isalpha()) or len(word) < ONE_TYPO_FROM:
        return 0
    return 1 if len(word) < TWO_TYPOS_FROM else 2


def edits1(word: str) -> list[set[str]]:
    """Return the strings one edit from a word, likeliest kind of typo first: two letters
    swapped or one doubled, then one left out, then one replaced, then one added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    doubled = {a + b[1:] for a, b in splits if len(b) > 1 and b[0] == b[1]}
    inserts = {a + c + b for a, b in splits for c in LETTERS}
    replaces = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    deletes = {a + b[1:] for a, b in splits if b}
    return [swaps(word) | doubled, inserts, replaces, deletes]


def is_slip(typed: str, known: str) -> bool:
    """Return whether a typed word is a known one with two neighbouring letters swapped or a
    doubled letter typed once or thrice ("realy" is really, not reply): the commonest slips,
    likelier than another letter typed."""
    if len(typed) == len(known):
        return typed in swaps(known)
    longer, shorter = (typed, known) if len(typed) > len(known) else (known, typed)
    return len(longer) == len(shorter) + 1 and any(
        longer[i] == longer[i + 1] and longer[:i] + longer[i + 1 :] == shorter
        for i in range(len(longer) - 1)
    )


def swaps(word: str) -> set[str]:
    """Return the strings a word makes with two neighbouring letters swapped."""
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    return swapped - {word}  # "doubled" letters swap into themselves


def edit_distance(a: str, b: str) -> int:
    """Return the Damerau-Levenshtein distance (adjacent swaps cost one edit)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 and i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]
