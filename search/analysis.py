"""Text analysis shared by indexing, querying and highlighting: Chinese and English in one pass.

Chinese is segmented into words with rjieba (jieba-rs: the jieba dictionary and algorithm,
measured 10x faster than Python jieba, with the dictionary compiled in, so no cache file),
plus the domain words of `dictionary.txt`. Each longer word also emits its dictionary
sub-words at the *same* position (as jieba's search mode finds them), so "礼品" finds
"礼品卡" while phrase queries still see one position per word. English is lowercased and
stemmed (Snowball). Traditional Chinese is read as Simplified (OpenCC t2s), so 退貨
finds 退货. Positions count kept tokens, one by one: jieba's bundled ChineseAnalyzer
uses character offsets instead, which breaks phrase queries.
"""

from __future__ import annotations

import contextlib
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import opencc
import rjieba
from whoosh.analysis import Composable, Token
from whoosh.lang import stemmer_for_language

DICTIONARY = Path(__file__).with_name("dictionary.txt")
WORD = re.compile(r"\w+", re.UNICODE)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Queries are cut to this length before analysis (the API and page refuse longer ones).
MAX_QUERY_LENGTH = 200
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

ENGLISH_STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "t",
        "s",
        "d",
        "ll",
        "re",
        "ve",
        "m",
        "don",
        "didn",
        "doesn",
        "haven",
        "hasn",
        "isn",
        "aren",
        "wasn",
        "weren",
        "won",
        "wouldn",
        "couldn",
        # The same, typed without the apostrophe ("item doesnt work"): a stop word too,
        # not a misspelling of the fragment "doesn".
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "hasnt",
        "havent",
        "hadnt",
        "wont",
        "wouldnt",
        "couldnt",
        "shouldnt",
        "cant",
        "ive",
        "youre",
        "theyre",
    ]
)
# Snowball (Porter2): whoosh.lang.porter stems "shipped" to "shipp" but "ship" to "ship".
english_stem = stemmer_for_language("en")
# Particles, pronouns, negations and question words: as English stops "not", "what", "how".
CHINESE_STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "地",
        "得",
        "着",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "您",
        "你",
        "我",
        "他",
        "她",
        "它",
        "是",
        "在",
        "和",
        "与",
        "或",
        "及",
        "等",
        "请",
        "把",
        "被",
        "没",
        "未",
        "不",
        "别",
        "什么",
        "怎么",
        "怎么办",
        "怎样",
        "如何",
        "为什么",
        "哪",
        "哪个",
        "哪种",
        "哪里",
        "多少",
        "要",
        "想",
        "能",
        "会",
        "一下",
        "一直",
        "还",
        "就",
        "都",
        "也",
        "又",
        "很",
        "后",
        "前",
        "给",
        "让",
        "去",
        "吗",
    ]
)

_to_simplified = opencc.OpenCC("t2s")
# Queries also get Taiwan's words for things as the mainland's (登入 -> 登录, 影片 -> 视频,
# 簡訊 -> 短信): the content is Simplified, and a query needs no offsets into it.
_query_to_simplified = opencc.OpenCC("tw2sp")
_segmenter: ModuleType | None = None
_segmenter_lock = threading.Lock()


@dataclass(frozen=True)
class Term:
    """One analysed word: its index form, its position, and where it stands in the text."""

    text: str
    position: int
    start: int
    end: int


def segmenter() -> ModuleType:
    """Return the process's segmenter (its `tokenize` and `has_word`), the domain dictionary
    added on first use."""
    global _segmenter
    if _segmenter is None:
        with _segmenter_lock:
            if _segmenter is None:
                _segmenter = _load_segmenter()
    return _segmenter


def _load_segmenter() -> ModuleType:
    # Importing rjieba builds a segmenter with jieba's dictionary (~24 MB and ~90 ms), which
    # its module-level functions use: the domain words go into that one. A Jieba() of our
    # own would cost as much again in every process (docs/performance.md).
    for line in DICTIONARY.read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split()
        rjieba.add_word(word, int(freq), tag)
    return rjieba


def to_simplified(text: str) -> str:
    """Return text with Traditional Chinese converted to Simplified, offsets unchanged."""
    converted = _to_simplified.convert(text)
    # Offsets into the converted text must point at the same characters of the original.
    return converted if len(converted) == len(text) else text


def normalize_query(
    text: str,
    known: Callable[[str], bool] | None = None,
    glossary: Sequence[tuple[str, str]] = (),
) -> str:
    """Return a query as it is logged and compared: NFKC, Simplified (with the mainland's
    words for Taiwan's), lowercase, one space. With `known` (whether the search knows a
    Simplified word), a Taiwan word with two mainland readings takes the known one, and a
    word a converted language's `glossary` writes (收件匣) the known source word it stands
    for (收件箱)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = CONTROL.sub(" ", text)
    text = " ".join(text.split()).lower()[:MAX_QUERY_LENGTH]
    if known is not None and glossary:
        text = read_back(text, glossary, known)
    converted = _query_to_simplified.convert(text)
    if known is None or converted == text:
        return converted
    return _literal_where_known(text, converted, known)


@lru_cache(maxsize=8)
def source_readings(glossary: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Return the words a converted language's glossary writes (收件匣, 品質, 搜尋), each
    with the Simplified source word it stands for (收件箱, 质量, 搜索), where reading the
    word as plain Traditional does not give that word already (類型 is 类型 either way)."""
    found = {}
    for converted, written in glossary:
        source = _query_to_simplified.convert(converted)
        if _to_simplified.convert(written) != source:
            found.setdefault(written, source)
    return tuple(found.items())


def read_back(
    text: str,
    glossary: tuple[tuple[str, str], ...],
    known: Callable[[str], bool] | None = None,
    same_length: bool = False,
) -> str:
    """Return text with a glossary's words read back as the source words they stand for
    (收件匣 → 收件箱): with `known`, only those the search knows; with `same_length`, only
    those as long, so that offsets into the text stay right (a snippet's marks)."""
    for written, source in source_readings(glossary):
        if written not in text:
            continue
        if (same_length and len(source) != len(written)) or (known and not known(source)):
            continue
        text = text.replace(written, source)
    return text


def _literal_where_known(text: str, converted: str, known: Callable[[str], bool]) -> str:
    """Return the converted query with a Taiwan phrase read character by character instead
    where only that reading is a word the search knows.

    OpenCC's Taiwan phrases map one Traditional word back to one mainland word, but some
    Traditional words stand for two: 查詢 is both 查询 ("inquire") and, in software, 查找;
    截圖 is 截图 and 截屏. tw2sp takes the software reading; a customer means the plain one.

    Only a word whose Taiwan phrase is its own counts: tw2sp reads 有線上 as 有在线 (線上 is
    在线), and the characters where the plain reading has 上 hold 线, 線上's, not 上's.
    """
    literal = _to_simplified.convert(text)
    if literal == converted or len(literal) != len(converted):
        return converted
    chars = list(converted)
    for word, start, end in segmenter().tokenize(literal):
        phrase = converted[start:end]
        if (
            phrase != word
            and is_chinese(word)
            and known(word)
            and not known(phrase)
            and _query_to_simplified.convert(text[start:end]) == phrase
        ):
            chars[start:end] = word
    return "".join(chars)


def is_chinese(word: str) -> bool:
    return bool(CJK.search(word))


@lru_cache(maxsize=10_000)
def is_dictionary_verb(word: str) -> bool:
    """Return whether the segmenter's dictionary holds a Chinese word as a verb (jieba's
    part-of-speech tags: v, vd, vn)."""
    tagged = segmenter().tag(word)
    return len(tagged) == 1 and tagged[0][0] == word and tagged[0][1].startswith("v")


def is_stop_word(word: str) -> bool:
    return word in ENGLISH_STOP_WORDS or word in CHINESE_STOP_WORDS


def normalize_word(word: str, *, keep_stop_words: bool = False) -> str | None:
    """Return a word's index form, or None when it is a stop word (unless kept)."""
    word = word.lower()
    if is_stop_word(word):
        return word if keep_stop_words else None
    return word if is_chinese(word) else _stem(word)


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return english_stem(word) if word.isascii() and word.isalpha() else word


def sub_words(word: str) -> list[str]:
    """Return the dictionary words of two and three characters inside a longer Chinese word."""
    if len(word) <= 2 or not is_chinese(word):
        return []
    known = segmenter().has_word
    found = []
    for size in (2, 3):
        for i in range(len(word) - size + 1):
            gram = word[i : i + size]
            if gram != word and known(gram):
                found.append(gram)
    return found


def analyze(text: str, *, expand: bool = True, keep_stop_words: bool = False) -> Iterator[Term]:
    """Yield the terms of a text; with expand, also the sub-words of long Chinese words."""
    for found in _terms(text, expand, keep_stop_words):
        yield Term(*found)


def searchable_words(text: str) -> tuple[str, ...]:
    """Return a term's words as the index holds them (no stop words)."""
    return tuple(term.text for term in analyze(text, expand=False))


def _terms(text: str, expand: bool, keep_stop_words: bool) -> Iterator[tuple[str, int, int, int]]:
    """Yield analyze()'s terms as (text, position, start, end): the indexing path, where a
    Term per word cost more than segmenting the text (docs/performance.md)."""
    position = 0
    for token, start, _end in segmenter().tokenize(to_simplified(text or "")):
        for offset, word, normalized, subs in _token_forms(token, keep_stop_words):
            word_start = start + offset
            yield normalized, position, word_start, word_start + len(word)
            if expand:
                for sub, at in subs:
                    yield sub, position, word_start + at, word_start + at + len(sub)
            position += 1


# Each segmenter token's forms, kept while a rebuild runs (token_cache): a rebuild meets
# the same tokens over and over, but a web worker keeping every token it ever searched or
# indexed would hold ~450 bytes for each, tens of MB in a long-lived worker.
_token_cache: dict[tuple[str, bool], tuple] | None = None


@contextlib.contextmanager
def token_cache() -> Iterator[None]:
    """Keep each token's forms while the block runs (a rebuild), then let them go."""
    global _token_cache
    outer = _token_cache
    if outer is None:
        _token_cache = {}
    try:
        yield
    finally:
        _token_cache = outer


def keep_token_forms() -> None:
    """Keep each token's forms for the rest of this process: a rebuild's worker
    (search/bulk_writer.py), which lives only as long as the rebuild."""
    global _token_cache
    if _token_cache is None:
        _token_cache = {}


def _token_forms(token: str, keep_stop_words: bool) -> tuple[tuple[int, str, str, tuple], ...]:
    """Return a segmenter token's forms (_forms_of), from the cache while one is kept."""
    cache = _token_cache
    if cache is None:
        return _forms_of(token, keep_stop_words)
    key = (token, keep_stop_words)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _forms_of(token, keep_stop_words)
    return found


def _forms_of(token: str, keep_stop_words: bool) -> tuple[tuple[int, str, str, tuple], ...]:
    """Return the kept words of one segmenter token (split at inner punctuation, "24-48",
    "e-mail"), each as (offset in the token, word, index form, sub-words with their offset
    in the word). The dictionary never changes in a process, so a token's forms do not."""
    forms = []
    for part in WORD.finditer(token):
        word = part.group()
        normalized = normalize_word(word, keep_stop_words=keep_stop_words)
        if normalized is not None:
            subs = tuple((sub, word.find(sub)) for sub in sub_words(normalized))
            forms.append((part.start(), word, normalized, subs))
    return tuple(forms)


def query_terms(text: str) -> list[str]:
    """Return a query's distinct words in order, as the index stores them."""
    seen: dict[str, None] = {}
    for term in analyze(text, expand=False):
        seen.setdefault(term.text, None)
    return list(seen)


# Positions skipped between the sections of a field value, so that no phrase matches
# across two of them.
SECTION_GAP = 100


class Sections(str):
    """A field value made of texts of different weight: BM25F's weighted term frequency
    over a title, summary and text, as data on the document.

    The string is the texts, one after the other on their own lines (what anything that
    reads the value as text sees); `parts` holds each (weight, text). A str, because
    Whoosh indexes a str through the field's analyzer and a tuple as ready-made tokens.
    """

    parts: tuple[tuple[float, str], ...]

    def __new__(cls, parts) -> Sections:
        parts = tuple((float(weight), text or "") for weight, text in parts)
        value = super().__new__(cls, "\n".join(text for _weight, text in parts))
        value.parts = parts
        return value

    def __reduce__(self):
        return Sections, (self.parts,)  # to a worker process (search/bulk_writer.py)

    @staticmethod
    def parts_of(value: str) -> tuple[tuple[float, str], ...]:
        """Return a value's sections: a plain string is one section of weight 1."""
        return value.parts if isinstance(value, Sections) else ((1.0, value or ""),)


class BilingualAnalyzer(Composable):
    """A Whoosh analyzer over `analyze()`, so the index sees exactly what queries see.

    The tokens of each of a value's `Sections` carry that section's weight: BM25F's
    weighted term frequency, summed over a title, summary and text before saturation.
    """

    def __init__(self, expand: bool = True):
        self.expand = expand

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BilingualAnalyzer) and other.expand == self.expand

    def __hash__(self) -> int:
        return hash((type(self), self.expand))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        # Queries are analysed without sub-words: the index already holds them.
        expand = self.expand and mode != "query"
        for weight, text, base, offset, terms in _placed(value, expand, start_pos, start_char):
            for word, position, start, end in terms:
                token.text, token.boost, token.stopped = word, weight, False
                if keeporiginal:
                    token.original = text[start:end]
                if positions:
                    token.pos = base + position
                if chars:
                    token.startchar, token.endchar = offset + start, offset + end
                yield token

    def term_positions(self, value: str) -> TermPositions:
        """Return what Whoosh's Positions format gathers from this analyzer's tokens of a
        value, without a Token per word (search/bulk_writer.py)."""
        found = TermPositions()
        for weight, _text, base, _offset, terms in _placed(value, self.expand):
            for word, position, _start, _end in terms:
                found.add(word, base + position, weight)
        return found


def _placed(value: str, expand: bool, base: int = 0, offset: int = 0) -> Iterator[tuple]:
    """Yield each section of a value as (weight, text, its first position, its first
    character, its terms), sections SECTION_GAP positions apart."""
    for weight, text in Sections.parts_of(value):
        terms = list(_terms(text, expand, False))
        yield weight, text, base, offset, terms
        base += (terms[-1][1] if terms else -1) + 1 + SECTION_GAP
        offset += len(text) + 1


class TermPositions:
    """A value's terms in order of first occurrence, each with its positions and the sum
    of its occurrences' weights, summed in token order as Whoosh's Positions format does
    (so the floats are the same)."""

    __slots__ = ("positions", "weights")

    def __init__(self):
        self.positions: dict[str, list[int]] = {}
        self.weights: dict[str, float] = {}

    def add(self, text: str, position: int, weight: float) -> None:
        if text in self.positions:
            self.positions[text].append(position)
            self.weights[text] += weight
        else:
            self.positions[text] = [position]
            self.weights[text] = 0.0 + weight


CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def cjk_bigrams(text: str) -> list[str]:
    """Return the overlapping two-character pieces of a text's Chinese (Simplified)."""
    return [
        run[i : i + 2]
        for run in CJK_RUN.findall(to_simplified(text or ""))
        for i in range(len(run) - 1)
    ]


class BigramAnalyzer(Composable):
    """Chinese text as overlapping character bigrams, as Lucene's CJK analysis indexes it,
    and each character alone at the position of the bigram it starts (its outputUnigrams):
    a word the segmenter splits differently from the index still meets its characters.
    Weighted by section, as the text field is."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BigramAnalyzer)

    def __hash__(self) -> int:
        return hash(type(self))

    def term_positions(self, value: str) -> TermPositions:
        """Return what Whoosh's Positions format gathers from this analyzer's tokens of a
        value, without a Token per bigram (search/bulk_writer.py)."""
        found = TermPositions()
        position = 0
        for weight, section in Sections.parts_of(value):
            for run in CJK_RUN.findall(to_simplified(section)):
                for i in range(len(run) - 1):
                    found.add(run[i : i + 2], position + i, weight)
                    found.add(run[i], position + i, weight)
                found.add(run[-1], position + len(run) - 1, weight)
                position += len(run) + 1
        return found

    def __call__(self, value: str, positions: bool = False, chars: bool = False, **kwargs):
        token = Token(positions, chars, **kwargs)
        position, offset = 0, 0
        for weight, section in Sections.parts_of(value):
            for run in CJK_RUN.finditer(to_simplified(section)):
                text, start = run.group(), offset + run.start()
                for i in range(len(text)):
                    for size in (2, 1) if i + 1 < len(text) else (1,):
                        token.text, token.boost, token.stopped = text[i : i + size], weight, False
                        if positions:
                            token.pos = position
                        if chars:
                            token.startchar, token.endchar = start + i, start + i + size
                        yield token
                    position += 1
                position += 1  # no phrase across two runs
            offset += len(section) + 1


SPELLING_WORD = re.compile(r"[a-z]{2,}")


class SpellingAnalyzer(Composable):
    """English words as written (lowercased, unstemmed): the vocabulary typos are fixed against."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SpellingAnalyzer)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, value: str, positions: bool = False, chars: bool = False, **kwargs):
        token = Token(positions, chars, **kwargs)
        for position, match in enumerate(SPELLING_WORD.finditer((value or "").lower())):
            token.text, token.boost, token.stopped = match.group(), 1.0, False
            if positions:
                token.pos = position
            if chars:
                token.startchar, token.endchar = match.span()
            yield token
