"""Synonym sets, as the query parser uses them: looked up by the words a customer typed.

A set's terms are matched against runs of the query's words in their index form, stop
words included ("没收到" is not "收到"). Chinese words are joined without spaces, so a term
matches however the segmenter happens to split it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from search.analysis import Term, analyze, is_chinese, is_stop_word, searchable_words
from search.models import SynonymSet

MAX_TERM_WORDS = 4


@dataclass
class SynonymTable:
    """Every active set's terms, by the key of their words."""

    sets_by_key: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    longest: int = 0
    written: set[str] = field(default_factory=set)  # single-word terms, as written
    phrase_written: set[str] = field(default_factory=set)  # words of phrases ("money back")
    _by_part: dict[str, list[tuple[str, ...]]] | None = field(default=None, repr=False)
    _chinese: dict[str, tuple[str, ...]] | None = field(default=None, repr=False)

    def alternatives(self, words: list[str]) -> list[tuple[str, ...]] | None:
        """Return the terms (as index words) equivalent to these words, or None."""
        return self.sets_by_key.get(words_key(words))

    def containing(self, word: str) -> list[tuple[str, ...]]:
        """Return the terms equivalent to the phrases of several English words that hold
        this word ("reference" is a word of "reference number"), once each."""
        if self._by_part is None:
            by_part: dict[str, list[tuple[str, ...]]] = {}
            for key, alternatives in self.sets_by_key.items():
                for part in dict.fromkeys(key.split(" ") if " " in key else ()):
                    found = by_part.setdefault(part, [])
                    found.extend(a for a in alternatives if a not in found)
            self._by_part = by_part
        return self._by_part.get(word, [])

    def chinese_terms(self) -> dict[str, tuple[str, ...]]:
        """Return the Chinese terms of two characters or more, as written (扣了两次), by
        their first character."""
        if self._chinese is None:
            by_first: dict[str, list[str]] = {}
            for term in sorted(t for t in self.written if len(t) > 1 and is_chinese(t)):
                by_first.setdefault(term[0], []).append(term)
            self._chinese = {first: tuple(terms) for first, terms in by_first.items()}
        return self._chinese

    def words(self) -> frozenset[str]:
        """Return every single word the sets name (a Chinese word, an English word)."""
        return frozenset(key for key in self.sets_by_key if " " not in key)


def words_key(words: list[str]) -> str:
    """Return the lookup key of a run of words: Chinese joined tight, other words by a space."""
    key = ""
    for word in words:
        tight = key and is_chinese(key[-1]) and is_chinese(word[0])
        key += word if tight or not key else " " + word
    return key


def term_words(text: str) -> list[str]:
    """Return a term's words in index form, stop words kept, for matching against a query."""
    return [term.text for term in analyze(text, expand=False, keep_stop_words=True)]


def build_table(sets: list[list[str]]) -> SynonymTable:
    """Return the lookup table for these sets of terms.

    A term with a stop word in it ("没收到", "not received", "where is") is recognised in a
    query but never searched for: the index drops the very words that carry its meaning,
    so "没收到" would search for "收到".
    """
    table = SynonymTable()
    for terms in sets:
        table.written.update(t.lower() for t in terms if len(t.split()) == 1)
        table.phrase_written.update(
            w for t in terms if len(t.split()) > 1 for w in t.lower().split() if w.isalpha()
        )
        equivalents = [searchable_words(t) for t in terms if not _has_stop_word(t)]
        equivalents = [words for words in equivalents if words]
        for term in terms:
            words = term_words(term)[:MAX_TERM_WORDS]
            if words and equivalents:
                existing = table.sets_by_key.setdefault(words_key(words), [])
                existing.extend(e for e in equivalents if e not in existing)
                table.longest = max(table.longest, len(words))
    return table


def _has_stop_word(term: str) -> bool:
    return any(is_stop_word(word) for word in term_words(term))


def load_table() -> SynonymTable:
    """Return the table of the active sets (a snapshot loads it once per editors' version)."""
    return build_table([s.term_list() for s in SynonymSet.objects.filter(is_active=True)])


# At most this many words of no topic may stand inside a term's words ("send *it* back").
MAX_GAP = 2


def match_runs(
    words: list[Term],
    table: SynonymTable | None,
    gap: Callable[[Term], bool] | None = None,
) -> list[tuple[int, int, list]]:
    """Return (start, end, alternatives) for the longest runs of words that are synonyms.

    With `gap`, a term of several words also matches with up to MAX_GAP words for which
    `gap` is true (pronouns, filler) standing between its words, as an object stands inside
    a phrasal verb: "send it back", "send something back" are "send back". A run that
    matches as typed is preferred."""
    if table is None:
        return []
    runs, i = [], 0
    while i < len(words):
        for length in range(min(table.longest, len(words) - i), 0, -1):
            alternatives = table.alternatives([w.text for w in words[i : i + length]])
            if alternatives:
                runs.append((i, i + length, alternatives))
                i += length
                break
        else:
            found = _gapped_run(words, i, table, gap) if gap is not None else None
            if found:
                runs.append(found)
                i = found[1]
            else:
                i += 1
    return runs


# English lets a phrasal verb's object stand between the verb and its particle: "send the
# item back" is "send back the item". Up to this many words of the object may carry a
# topic ("my broken item"); its stop words are not counted.
MAX_OBJECT_WORDS = 2
MAX_OBJECT_SPAN = 4


def with_particles_joined(
    words: list[Term],
    table: SynonymTable | None,
    particle: Callable[[Term], bool],
    no_topic: Callable[[Term], bool],
) -> list[Term]:
    """Return the words with each particle that ends a term of several words moved back
    next to the words before it, over the object standing between ("send *the item* back"
    becomes "send back the item", which matches "send back"), so the object keeps its own
    group. A particle followed by a word of a topic is a preposition ("get help in chat")
    and stays where it is."""
    if table is None:
        return words
    words = list(words)
    for at, word in enumerate(words):
        last = at + 1 == len(words) or no_topic(words[at + 1])
        if particle(word) and last and (verb_end := _verb_before(words, at, table, no_topic)):
            words[verb_end : at + 1] = [word, *words[verb_end:at]]
    return words


def _verb_before(
    words: list[Term], at: int, table: SynonymTable, no_topic: Callable[[Term], bool]
) -> int | None:
    """Return where the words of a term end whose particle stands at `at` after an object
    of one or two words of a topic (the nearest such term); None when there is none."""
    topic = 0
    for verb_end in range(at - 1, max(at - MAX_OBJECT_SPAN, 1) - 1, -1):
        topic += not no_topic(words[verb_end])
        if topic > MAX_OBJECT_WORDS:
            return None
        for start in range(verb_end - 1, max(verb_end - table.longest + 1, 0) - 1, -1):
            verb = [w.text for w in words[start:verb_end]]
            if topic and table.alternatives([*verb, words[at].text]):
                return verb_end
    return None


def _gapped_run(
    words: list[Term], start: int, table: SynonymTable, gap: Callable[[Term], bool]
) -> tuple[int, int, list] | None:
    """Return the longest run from `start` whose words, without the gap words inside it,
    are a term; None when there is none, or none with a gap."""
    if gap(words[start]):
        return None
    kept, skipped, best = [start], 0, None
    for j in range(start + 1, len(words)):
        if gap(words[j]):
            skipped += 1
            if skipped > MAX_GAP:
                break
            continue
        kept.append(j)
        if len(kept) > table.longest:
            break
        alternatives = table.alternatives([words[k].text for k in kept])
        if alternatives and j + 1 - start > len(kept):
            best = (start, j + 1, alternatives)
    return best
