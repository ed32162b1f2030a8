"""Typo tolerance and "did you mean", built on the index's own vocabulary.

Typos follow Meilisearch's rule: words of 5 to 8 letters may be one edit off, words of 9
or more two (Damerau-Levenshtein: a swap of two letters is one edit); shorter words must
be exact, so "card" never matches "care". haystack's Whoosh backend suggests nothing when a
query has no hits (django-haystack#644), which is exactly when a suggestion is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.reading import IndexReader

from search.analysis import is_stop_word
from search.config import SEARCH_FIELD

SPELLING_FIELD = "spelling"
ONE_TYPO_FROM = 5
TWO_TYPOS_FROM = 9
MIN_COMPOUND_PART = 3


@dataclass
class Vocabulary:
    """What the index knows: its search terms and the English words they came from."""

    reader: IndexReader

    def knows_term(self, term: str) -> bool:
        return self.reader.doc_frequency(SEARCH_FIELD, term) > 0

    def knows_word(self, word: str) -> bool:
        return self.reader.doc_frequency(SPELLING_FIELD, word) > 0

    def corrections(self, word: str) -> list[str]:
        """Return the vocabulary's words within the typo budget of an unknown word, best first."""
        budget = typo_budget(word)
        if not budget or self.knows_word(word):
            return []
        distances = {
            candidate: distance
            for candidate in self._words_starting_with(word[0])
            if abs(len(candidate) - len(word)) <= budget
            and (distance := edit_distance(word, candidate)) <= budget
        }
        return sorted(distances, key=lambda w: (distances[w], -self._frequency(w), w))

    def _words_starting_with(self, letter: str) -> list[str]:
        # Whoosh's own terms_within gives nothing on a single-segment index (its automaton
        # path), so the words sharing the first letter are compared one by one.
        field = self.reader.schema[SPELLING_FIELD]
        return [field.from_bytes(b) for b in self.reader.expand_prefix(SPELLING_FIELD, letter)]

    def split_compound(self, word: str) -> tuple[str, str] | None:
        """Return two known words that an unknown word runs together ("giftcard"), if any."""
        if not word.isascii() or not word.isalpha() or self.knows_word(word):
            return None
        for cut in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
            left, right = word[:cut], word[cut:]
            if is_stop_word(left) or is_stop_word(right):
                continue  # "mean" is not "me an"
            if self.knows_word(left) and self.knows_word(right):
                return left, right
        return None

    def _frequency(self, word: str) -> int:
        return self.reader.doc_frequency(SPELLING_FIELD, word)


def typo_budget(word: str) -> int:
    """Return how many edits a word may be off: 0 below 5 letters, 1 below 9, else 2."""
    if not (word.isascii() and word.isalpha()) or len(word) < ONE_TYPO_FROM:
        return 0
    return 1 if len(word) < TWO_TYPOS_FROM else 2


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
