"""Pinyin input: a query typed as toneless pinyin is read as the Chinese words of a vocabulary.

Query side only. Chinese is never indexed as pinyin: Meilisearch did, homophones (景点 /
经典) polluted Chinese results, and it was switched off (meilisearch#3655, charabia#285).
Here a reading can only produce words that the vocabulary (the index's Chinese terms) holds.

A word reads the way pypinyin's phrase table says, and also every combination of its
characters' two most common readings (pypinyin lists them most common first; the rest are
mostly literary), so 还款 is found as "huankuan" even though the phrase table says "hai".
ü is typed "v" or "u" (lvse, luse). Spaces are optional but respected: a word may span a
space only where one of its syllables ends ("bao guo" is 包裹, "baog uo" is nothing).

When a query is read as pinyin (`PinyinReader.read`):
- every Latin-letter token is a known English word (`is_english_word`) or parses entirely
  as pinyin syllables, otherwise the query is a typo or an unknown word, not pinyin;
- a known English word is never read as pinyin, and the query is read only when the known
  English words are fewer than the pinyin tokens ("email xiugai mima" yes, "gift card" and
  "change mima" no);
- the pinyin tokens hold at least two syllables: a lone "ma" or "ka" says too little.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from search import lexicon
from search.analysis import ENGLISH_STOP_WORDS

MAX_HETERONYMS = 2
# A word's readings: the product of its characters' readings, cut here (long words only).
MAX_READINGS = 16
# Homophones kept for one stretch of syllables, most frequent first.
MAX_ALTERNATIVES = 4
MIN_SYLLABLES = 2
# Costs of the segmentation: fewer words is better, and a syllable that the vocabulary has
# no word for is worse than one read as a single character. A word read through a
# character's less common reading costs a little more for each such syllable, so that of
# two readings with as many words the common one wins: "dianhuakefu" is 电话 客服, not
# 提案 (提 read dī) 找客服 (找 read huá).
WORD_COST = 1.0
RARE_SYLLABLE_COST = 0.1
SKIP_COST = 2.0
# Pinyin's apostrophe rule: a syllable starting with a, o or e after another is marked
# off ("xi'an", "fang'an"); unmarked, "tian" is one syllable, not 提案 (ti'an). Typists
# leave the mark out, so such a reading costs more rather than being refused: more than
# skipping a syllable with a word alone, less than two.
UNMARKED_COST = 1.5
UNREACHED = float("inf")
LONGEST_SYLLABLE = 6  # "zhuang"
LATIN_TOKEN = re.compile(r"[a-zü]+(?:'[a-zü]+)*")
VOWEL = re.compile(r"[aeiouv]")
# ü after l and n is typed v, but often u too: lü/nü, lüe/nüe.
U_FOR_V = {"lv": "lu", "nv": "nu", "lve": "lue", "nve": "nue"}


def never(_word: str) -> bool:
    """Return False: no word is English (the default when the caller knows none)."""
    return False


@dataclass(frozen=True)
class Edge:
    """Words of the vocabulary that read as the letters text[start:end]."""

    start: int
    end: int
    words: tuple[str, ...]
    cost: float


class PinyinReader:
    """The Chinese words of one vocabulary, by how they read in toneless pinyin."""

    def __init__(
        self,
        chinese_words: Iterable[str] | Mapping[str, float],
        *,
        is_english_word: Callable[[str], bool] = never,
    ) -> None:
        self.is_english_word = is_english_word
        syllable_set()  # built now, not by the first query
        weights = chinese_words if isinstance(chinese_words, Mapping) else {}
        # Letters of a reading -> (word, bit mask of the syllable ends inside the reading,
        # how many of its syllables are a character's less common reading): homophones
        # share a key. A mask, not a set: 50k words would take 40 MB more.
        self.readings: dict[str, list[tuple[str, int, int]]] = {}
        words = list(chinese_words)
        readings = readings_by_word(words)
        for word in words:
            for syllables, rare in readings[word]:
                key, ends = spelling(syllables)
                self.readings.setdefault(key, []).append((word, ends, rare))
        for entries in self.readings.values():
            entries.sort(key=homophone_order(weights))
        self.longest = max(map(len, self.readings), default=0)

    def reads_as_english(self, word: str) -> bool:
        """Return whether a Latin word of a query is English, not pinyin: a word the index
        or the editors' sets know, but no stop word that is a syllable too ("me" of "zen
        me" says nothing in English, and among pinyin reads 怎么)."""
        return self.is_english_word(word) and not _a_syllable_too(word)

    def read(self, text: str, *, orthography: bool = True) -> list[list[str]] | None:
        """Return the query's pinyin as Chinese words, homophones together; None if not pinyin.

        With `orthography`, tone numbers end syllables ("tui4kuan3") and pinyin's
        apostrophe rule weighs on the reading (UNMARKED_COST)."""
        if orthography:
            text = without_tone_numbers(text)
        runs = self._pinyin_runs(text)
        if runs is None:
            return None
        return [list(edge.words) for run in runs for edge in self._segment(run, orthography)]

    def _pinyin_runs(self, text: str) -> list[list[str]] | None:
        """Return runs of consecutive pinyin tokens, or None when the query is not pinyin."""
        runs: list[list[str]] = [[]]
        english = pinyin = syllables = 0
        previous_end = 0
        text = unicodedata.normalize("NFKC", text).lower()
        for match in LATIN_TOKEN.finditer(text):
            token = match.group().replace("ü", "v")
            if text[previous_end : match.start()].strip():
                runs.append([])  # other text (Chinese, digits) between two tokens
            previous_end = match.end()
            if self.reads_as_english(token.replace("'", "")):
                english += 1
                runs.append([])
                continue
            count = syllable_count(token)
            if count is None:
                return None
            pinyin, syllables = pinyin + 1, syllables + count
            runs[-1].append(token)
        if english >= pinyin or syllables < MIN_SYLLABLES:
            return None
        return [run for run in runs if run]

    def _segment(self, tokens: list[str], orthography: bool = True) -> list[Edge]:
        """Return the cheapest reading of a run of tokens as words, by dynamic programming."""
        letters, breaks = join_tokens(tokens)
        best: list[tuple[float, Edge | None]] = [(0.0, None)]
        best += [(UNREACHED, None)] * len(letters)
        for start in range(len(letters)):
            if best[start][0] == UNREACHED:
                continue
            for edge in self._edges(letters, breaks, start, orthography):
                cost = best[start][0] + edge.cost
                if cost < best[edge.end][0]:
                    best[edge.end] = (cost, edge)
        return [edge for edge in backtrack(best) if edge.words]

    def _edges(
        self, letters: str, breaks: int, start: int, orthography: bool = True
    ) -> Iterable[Edge]:
        """Yield the words and the bare syllables that can start at this letter."""
        unmarked_cost = UNMARKED_COST if orthography else 0.0
        stop = min(len(letters), start + max(self.longest, LONGEST_SYLLABLE))
        for end in range(start + 1, stop + 1):
            piece = letters[start:end]
            inner = inner_breaks(breaks, start, end)
            entries = [e for e in self.readings.get(piece, ()) if inner & ~e[1] == 0]
            # A word two of whose readings share their letters appears once.
            words = tuple(dict.fromkeys(word for word, _ends, _rare in entries))
            words = words[:MAX_ALTERNATIVES]
            cost = UNREACHED
            if words:
                cost = WORD_COST + min(
                    RARE_SYLLABLE_COST * rare + unmarked_cost * unmarked(piece, ends & ~inner)
                    for _word, ends, rare in entries
                )
                yield Edge(start, end, words, cost)
            if cost > SKIP_COST and piece in syllable_set() and not inner:
                yield Edge(start, end, (), SKIP_COST)


def unmarked(letters: str, ends: int) -> int:
    """Return how many of a reading's syllables, ending at `ends` (a mask of where the
    syllables before them end, as `spelling` makes it), start with a, o or e unmarked."""
    return sum(1 for i in range(1, len(letters)) if ends >> i & 1 and letters[i] in "aoe")


# A tone number typed after a syllable ("tui4kuan3"): it ends the syllable, as a space.
TONE_NUMBER = re.compile(r"(?<=[a-zA-ZüÜ])[1-5](?![0-9])")


def _a_syllable_too(word: str) -> bool:
    return word in ENGLISH_STOP_WORDS and syllable_count(word) == 1


# Pinyin's tone marks (tuì huò), read as the toneless letters; ü keeps its dots (lǜ: lü).
TONE_MARKS = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]", re.IGNORECASE)


def without_tone_marks(text: str) -> str:
    """Return the text with pinyin's tone marks taken off its vowels."""
    return TONE_MARKS.sub(_toneless, text)


def _toneless(match: re.Match) -> str:
    base, *marks = unicodedata.normalize("NFD", match.group())
    return unicodedata.normalize("NFC", base + "\u0308") if "\u0308" in marks else base


def without_tone_numbers(text: str) -> str:
    """Return the text with each tone number after a syllable made a syllable break."""
    return TONE_NUMBER.sub("'", text).replace("' ", " ").rstrip("'")


def homophone_order(weights: Mapping[str, float]) -> Callable[[tuple[str, int, int]], tuple]:
    """Return the sort key of a reading's words: the most frequent first, then by the word
    itself (a total order)."""
    return lambda entry: (-weights.get(entry[0], 0), entry[0])


def backtrack(best: list[tuple[float, Edge | None]]) -> list[Edge]:
    """Return the edges of the cheapest path to the last letter, in order."""
    edges, position = [], len(best) - 1
    while position > 0:
        edge = best[position][1]
        if edge is None:
            return []
        edges.append(edge)
        position = edge.start
    return edges[::-1]


def join_tokens(tokens: list[str]) -> tuple[str, int]:
    """Return a run's letters and a bit mask of where the typist put a space or apostrophe."""
    parts = [part for token in tokens for part in token.split("'")]
    return spelling(tuple(parts))


def inner_breaks(breaks: int, start: int, end: int) -> int:
    """Return the breaks strictly inside letters[start:end], as a mask relative to start."""
    return (breaks >> start) & ((1 << (end - start)) - 2)


def may_be_pinyin(text: str) -> bool:
    """Return whether some Latin word of the text splits into pinyin syllables: without
    one, no reader need be made to find the text is no pinyin ("refund", 退款)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return any(
        syllable_count(match.group().replace("ü", "v")) is not None
        for match in LATIN_TOKEN.finditer(text)
    )


@lru_cache(maxsize=4096)
def syllable_count(token: str) -> int | None:
    """Return the fewest pinyin syllables a token splits into, or None if it does not split."""
    letters, breaks = join_tokens([token])
    counts = [0.0] + [UNREACHED] * len(letters)
    for start in range(len(letters)):
        for end in range(start + 1, min(len(letters), start + LONGEST_SYLLABLE) + 1):
            crosses = inner_breaks(breaks, start, end)
            if not crosses and letters[start:end] in syllable_set():
                counts[end] = min(counts[end], counts[start] + 1)
    return None if counts[-1] == UNREACHED else int(counts[-1])


def spelling(syllables: tuple[str, ...]) -> tuple[str, int]:
    """Return a reading's letters and a bit mask of where its syllables end inside them."""
    mask = offset = 0
    for syllable in syllables[:-1]:
        offset += len(syllable)
        mask |= 1 << offset
    return "".join(syllables), mask


def readings_by_word(words: list[str]) -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """Return the readings of each of these Chinese words (word_readings), their characters'
    and phrases' readings read from the lexicon tables in two queries. A reader is built
    over every Chinese word a search may lead to (6,400 lookups at 10,000 entries): a query
    per word and per character took 38-40 ms of CPU against 26-29 ms, and each let go of
    the interpreter lock, a hand-over to another thread waiting for it."""
    characters = lexicon.values("characters", {character for word in words for character in word})
    phrases = lexicon.values("phrases", set(words))
    return {word: word_readings(word, characters, phrases) for word in words}


def word_readings(
    word: str, characters: Mapping[str, str], phrases: Mapping[str, str]
) -> list[tuple[tuple[str, ...], int]]:
    """Return a Chinese word's toneless readings, each with how many of its syllables are
    a character's less common reading: pypinyin's phrase reading (none), then heteronyms;
    from the lexicon tables' `characters` and `phrases` rows of its characters and itself.

    The phrase readings come from the lexicon tables, which keep only those that the
    characters' readings do not give (170 of pypinyin's 47,111 phrases). A character's
    readings are its most common toneless ones, with u spellings of ü.
    """
    per_character = [tuple((characters.get(c) or "").split()) for c in word]
    if not all(per_character):
        return []
    readings: dict[tuple[str, ...], int] = {}
    phrase = phrases.get(word)
    if phrase is not None:
        readings[tuple(phrase.split())] = 0
    for syllables in itertools.islice(itertools.product(*per_character), MAX_READINGS):
        rare = sum(
            s not in (first, U_FOR_V.get(first))
            for s, (first, *_others) in zip(syllables, per_character, strict=True)
        )
        readings.setdefault(syllables, rare)
    return list(readings.items())


def readings_of(marked: str) -> tuple[str, ...]:
    """Return the toneless readings kept of pypinyin's tone-marked readings of a character
    ("hái,huán"): the most common, with u spellings of ü (for bin/build-lexicons)."""
    readings = [toneless(r) for r in marked.split(",") if r]
    readings = [r for r in dict.fromkeys(readings) if VOWEL.search(r)][:MAX_HETERONYMS]
    return tuple(dict.fromkeys(readings + [U_FOR_V[r] for r in readings if r in U_FOR_V]))


@lru_cache(maxsize=4096)
def toneless(marked: str) -> str:
    """Return a tone-marked syllable without its tone, ü written v ("lǜ" -> "lv")."""
    decomposed = unicodedata.normalize("NFD", marked).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def syllable_set() -> frozenset[str]:
    """Return every toneless syllable of Mandarin (those with a vowel: not "ng", "hm")."""
    return frozenset(lexicon.value("meta", "syllables").split())


def all_syllables(marked_readings: Iterable[str]) -> frozenset[str]:
    """Return every toneless syllable of pypinyin's character readings (for the build)."""
    syllables = {toneless(r) for marked in marked_readings for r in marked.split(",")}
    syllables = {s for s in syllables if VOWEL.search(s) and s.isascii() and s.isalpha()}
    return frozenset(syllables | {U_FOR_V[s] for s in syllables if s in U_FOR_V})
