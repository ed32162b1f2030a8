"""Parse what a customer typed into words and their alternatives (the pipeline's first
stage), without ever using Whoosh's parser.

User text is words, not syntax: quotes, brackets, AND, *, ~ and : are just characters.
A part in double quotes is a phrase the results must contain. The rest, in order:

1. A query typed as toneless pinyin ("xiugai mima") is read as the index's Chinese words.
2. Every misspelt English word is corrected, and joined or split words are matched both
   ways ("giftcard" / "gift card", "screen shot" / "screenshot"), before synonyms apply;
   a Chinese homophone typo is read as the word it sounds like (退宽 as 退款).
3. Every other word becomes a group of alternatives: the word itself, its synonyms (the
   editors' sets first, then general lexical resources, weighted lower), its translations
   into the other language (CC-CEDICT; for a compound CC-CEDICT lacks, its words' own),
   its dictionary sub-words and, for a Chinese word
   the index lacks, its character bigrams.
4. Stop words and question filler ("how do I", 怎么办, 该怎么处理) weigh nothing, and so
   does what the customer would rather not do (懒得打电话), unless it is all they say.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from types import ModuleType

from search import lexicon as resources
from search.analysis import (
    Term,
    analyze,
    cjk_bigrams,
    is_chinese,
    is_dictionary_verb,
    is_stop_word,
    normalize_query,
    normalize_word,
    query_terms,
    sub_words,
)
from search.complements import IDIOMS, RESULTATIVE, Potential, potential_forms
from search.config import (
    BIGRAM_FIELD,
    BIGRAM_WEIGHT,
    COMPOUND_WEIGHT,
    GOODS_WEIGHT,
    KIND_FIELD,
    KIND_NAME_WEIGHT,
    MAX_TYPO_CORRECTIONS,
    PINYIN_HOMOPHONE_WEIGHT,
    SEARCH_FIELD,
    SUB_WORD_WEIGHT,
    SYNONYM_PHRASE_WEIGHT,
    SYNONYM_WEIGHT,
    TRANSLATION_WEIGHT,
    TYPO_WEIGHT,
    UNIGRAM_WEIGHT,
    mechanism_on,
)
from search.pinyin import (
    PinyinReader,
    may_be_pinyin,
    readings_by_word,
    spelling,
    without_tone_marks,
    without_tone_numbers,
)
from search.questions import (
    CHINESE_FILLER,
    CUE_WORDS,
    ENGLISH_FILLER,
    FAILING_AGAIN,
    dealing_spans,
    failure_after,
    failure_before,
    is_filler,
    is_particle,
    is_separable_particle,
    plea_spans,
    unwanted_spans,
    with_apostrophes,
    without_emphasis,
    without_filler_phrases,
)
from search.spelling import Speller, Vocabulary, edit_distance
from search.synonyms import SynonymTable, match_runs, with_particles_joined
from search.thesaurus import CILIN_NEAR, WORDNET_DERIVED, Thesaurus, words_key
from search.thesaurus import WEIGHT as THESAURUS_WEIGHT

QUOTED = re.compile(r'"([^"]*)"')
# Words naming a thing a shop sells (blender, 耳机): English lemmas, Chinese words (named_goods).
THINGS = resources.StoredSet("things")
# The longest Chinese word a homophone typo is looked for in (two pieces read as one).
MAX_HEARD_LENGTH = 4
LATIN_WORD = re.compile(r"[a-zA-Z]+(?:'[a-zA-Z]+)*")

# English words of a closed class that modify a phrase without naming its thing: negation
# and how often ("never arrived" is about an arrival, and "I never know" about nothing).
CLOSED_CLASS = frozenset(
    {"never", "not", "no", "nor", "always", "often", "usually", "sometimes", "seldom", "rarely"}
)
# Negations, which the stop words hold: a synonym set's term holding one ("不对", "not
# working") is not searched without it.
NEGATING_WORDS = frozenset({"不", "没", "未", "别", "无", "not", "no", "never", "nor"})
# Question filler as the index spells it (English stemmed), for what a resource leads to.
FILLER_TERMS = frozenset(
    {normalize_word(word, keep_stop_words=True) for word in ENGLISH_FILLER} | CHINESE_FILLER
)


@dataclass(frozen=True)
class Alternative:
    """Index words that satisfy one word of the query; several words form a phrase."""

    words: tuple[str, ...]
    weight: float = 1.0
    field: str = SEARCH_FIELD
    last_resort: bool = False  # searched only when nothing else matches (no dead ends)
    goods: bool = False  # a thing's word for goods (named_goods), not the thing as typed


@dataclass(frozen=True)
class QueryWord:
    """One word of the query: its index form, as typed, and how much it counts."""

    text: str
    surface: str
    weight: float = 1.0  # below 1 for a spelling correction or a joined/split word
    others: tuple[str, ...] = ()  # other readings: further corrections, homophones
    unwanted: bool = False  # named as what the customer would rather not do
    filler: bool = False  # question filler by where it stands ("how do I *fix*", 怎么*处理*)
    parts: int = 0  # a word typed joined ("creditcard"): how many known words it was split into


# The words naming a kind of entry, in index form ("tip"; 小, 技巧), with the kind's
# content type ("faq.tip"): see search.snapshot.unused_kind_names.
KindNames = Mapping[tuple[str, ...], str]


class Lexicon:
    """What the parser knows besides the text; whatever is None is not used.

    The speller, thesaurus and pinyin reader may be given as functions that make them from
    the lexicon: each is then made on first use (most queries need neither a speller nor
    pinyin), once.
    """

    def __init__(
        self,
        synonyms: SynonymTable | None = None,
        vocabulary: Vocabulary | None = None,
        speller: Speller | Callable[[Lexicon], Speller] | None = None,
        thesaurus: Thesaurus | Callable[[Lexicon], Thesaurus] | None = None,
        pinyin: PinyinReader | Callable[[Lexicon], PinyinReader] | None = None,
        dictionary: ModuleType | None = None,  # search.bridge, or a stand-in
        kind_names: KindNames | Callable[[Lexicon], KindNames] | None = None,
    ):
        self.synonyms, self.vocabulary, self.dictionary = synonyms, vocabulary, dictionary
        self._parts = {
            "speller": speller,
            "thesaurus": thesaurus,
            "pinyin": pinyin,
            "kind_names": kind_names,
        }
        self._lock = threading.RLock()

    @property
    def speller(self) -> Speller | None:
        return self._part("speller")

    @property
    def thesaurus(self) -> Thesaurus | None:
        return self._part("thesaurus")

    @property
    def pinyin(self) -> PinyinReader | None:
        return self._part("pinyin")

    @property
    def kind_names(self) -> KindNames:
        return self._part("kind_names") or {}

    def _part(self, name: str):
        with self._lock:
            part = self._parts[name]
            if callable(part):  # a function that makes it: none of the parts is callable
                part = self._parts[name] = part(self)
            return part


@dataclass
class ParsedQuery:
    text: str = ""
    groups: list[list[Alternative]] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    reading: str | None = None  # the Chinese words a pinyin query was read as
    # Each group's own words in the order typed, a repeated concept at each of its places
    # (退货 … "return policy": "return" stands beside "policy" though 退货's group has it).
    typed: list[tuple[str, ...]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups or self.phrases)

    @property
    def primary_words(self) -> list[str]:
        return [
            w for group in self.groups if group[0].field == SEARCH_FIELD for w in group[0].words
        ]

    def highlight_terms(self) -> dict[str, int]:
        """Return every index term a match may have used, each with the query's concept it
        stands for (a quoted phrase, or a word's group: the word, its sub-words, synonyms,
        corrections, translations), so a snippet can show the line covering most concepts."""
        terms: dict[str, int] = {}
        concepts = [list(phrase) for phrase in self.phrases] + [
            [w for alt in group if alt.field == SEARCH_FIELD for w in alt.words]
            for group in self.groups
        ]
        for concept, words in enumerate(concepts):
            for word in words:
                terms.setdefault(word, concept)
        for word, concept in list(terms.items()):
            for sub in sub_words(word):
                terms.setdefault(sub, concept)
        return terms

    def suggestion(self) -> str | None:
        """Return the query as read: misspelt words corrected, pinyin as Chinese; or None."""
        if self.reading is not None:
            return self.reading
        suggestion = self.text
        for wrong, right in self.corrections.items():
            # Latin letters next to Chinese ones ("iphone屏幕") are a word's end too.
            suggestion = re.sub(rf"(?<![a-z0-9]){re.escape(wrong)}(?![a-z0-9])", right, suggestion)
        return suggestion if suggestion != self.text else None


def parse_query(
    text: str,
    *,
    synonyms: SynonymTable | None = None,
    vocabulary: Vocabulary | None = None,
    lexicon: Lexicon | None = None,
) -> ParsedQuery:
    """Split user text into quoted phrases and groups of alternatives for each word."""
    lexicon = lexicon or Lexicon(synonyms=synonyms, vocabulary=vocabulary)
    parsed = ParsedQuery(text=normalize_query(text))
    for quoted in QUOTED.findall(parsed.text):
        terms = query_terms(quoted)
        if len(terms) > 1:
            parsed.phrases.append(terms)
        elif terms:
            parsed.groups.append([Alternative(tuple(terms))])
    rest = QUOTED.sub(" ", parsed.text).replace('"', " ")
    if mechanism_on("bare_contractions"):
        rest = with_apostrophes(rest)
    if mechanism_on("questions"):
        rest = without_emphasis(rest)
        if mechanism_on("filler_phrases"):
            rest = without_filler_phrases(rest)
    rest, homophones = _read_pinyin(rest, lexicon, parsed)
    if mechanism_on("cue_spelling"):
        rest = _cues_spelled(rest, lexicon, parsed)
    # What the customer would rather not do ("懒得打电话", "rather not call") weighs
    # nothing, unless it is all the query says.
    spans = (
        unwanted_spans(
            rest,
            excluded=mechanism_on("excluded_means"),
            compared=mechanism_on("compared_means"),
        )
        if mechanism_on("questions")
        else []
    )
    dealing = dealing_spans(rest) if mechanism_on("questions") else []
    terms = list(analyze(rest, expand=False, keep_stop_words=True))
    if mechanism_on("editors_segmentation"):
        terms = _split_at_editors_terms(terms, rest, lexicon)
    if mechanism_on("pleas"):
        dealing += _pleas_beside_a_topic(rest, terms)
    words = [
        QueryWord(
            term.text,
            rest[term.start : term.end],
            others=homophones.get(term.text, ()),
            unwanted=any(start <= term.start < end for start, end in spans),
            filler=any(start <= term.start < end for start, end in dealing),
        )
        for term in terms
    ]
    if lexicon.speller is not None and mechanism_on("typos"):
        words = _spelled(words, lexicon, parsed)
    if mechanism_on("typos"):
        words = _heard(words, lexicon, parsed)
    if mechanism_on("separated_particles"):
        words = with_particles_joined(words, lexicon.synonyms, _separable, _no_topic)
    gap = _no_topic if mechanism_on("gapped_phrases") else None
    runs = {start: (end, alts) for start, end, alts in match_runs(words, lexicon.synonyms, gap)}
    forms = _potential_forms(words) if mechanism_on("potential_complements") else {}
    kinds = _kind_runs(words, runs, lexicon.kind_names) if mechanism_on("named_kinds") else {}
    phrases = (
        _thesaurus_runs(words, runs, lexicon, gap)
        if lexicon.thesaurus is not None and mechanism_on("thesaurus_phrases")
        else {}
    )
    failed = _failed_actions(words, runs, forms, lexicon) if mechanism_on("failed_actions") else {}
    if not failed and mechanism_on("failed_actions"):
        failed = _action_alone(words, runs, forms, lexicon)
    failure_words = {j for said, _alternatives in failed.values() for j in said}
    groups, unwanted_groups = [], []
    i = 0
    while i < len(words):
        if i in failure_words:  # searched as what the failed action's group now holds
            i += 1
            continue
        into = unwanted_groups if words[i].unwanted else groups
        if i in forms and (i not in runs or runs[i][0] == forms[i].verb_end):
            into.extend(_potential_groups(words, forms[i], runs, lexicon))
            i = forms[i].end
            continue
        if words[i].parts > 1 and mechanism_on("joined_words"):
            end = i + words[i].parts
            if not (i in runs and runs[i][0] == end):  # a synonym set names it whole
                into.append(_joined_group(words, i, end, runs, lexicon))
                i = end
                continue
        if i in phrases:
            end = phrases[i]
            into.append(_phrase_group(words[i:end], lexicon))
            i = end
            continue
        if i in kinds:
            end, content_type = kinds[i]
            into.append(_kind_group(words[i:end], content_type, lexicon))
            i = end
            continue
        if i in runs:
            end, alternatives = runs[i]
            into.append(_with(_synonym_group(words[i:end], alternatives), failed.get(i)))
            i = end
            continue
        if group := _word_group(words[i], lexicon):
            into.append(_with(group, failed.get(i)))
        i += 1
    groups = groups or unwanted_groups
    if all(any(alternative.goods for alternative in group) for group in groups):
        # Things alone ("xylophone trombone") say what was bought, not what is wrong.
        groups = [[a for a in group if not a.goods] for group in groups]
    parsed.typed = [group[0].words for group in groups if group and group[0].field == SEARCH_FIELD]
    parsed.groups = _distinct(parsed.groups + groups)
    return parsed


def _split_at_editors_terms(terms: list[Term], text: str, lexicon: Lexicon) -> list[Term]:
    """Return the terms with a Chinese word the index does not know split where an editors'
    term that runs across its edge begins or ends, as jieba's user dictionary would: the
    segmenter reads 钱扣了两次 as 钱扣 了 两次, and a set's 扣了两次 (扣 了 两次) never matched
    it. A term inside a word (邮箱 of 邮箱地址) is left to the word's sub-words."""
    if lexicon.synonyms is None:
        return terms
    by_first = lexicon.synonyms.chinese_terms()
    found = [
        (start, start + len(term))
        for start, character in enumerate(text)
        for term in by_first.get(character, ())
        if text.startswith(term, start)
    ]
    split: list[Term] = []
    for term in terms:
        inside = sorted(
            {s for s, e in found if term.start < s < term.end < e}
            | {e for s, e in found if s < term.start < e < term.end}
        )
        if inside and text[term.start : term.end] == term.text and not _known(term.text, lexicon):
            edges = [term.start, *inside, term.end]
            split.extend(Term(text[a:b], 0, a, b) for a, b in itertools.pairwise(edges))
        else:
            split.append(term)
    if len(split) == len(terms):
        return terms
    return [replace(term, position=position) for position, term in enumerate(split)]


def _known(word: str, lexicon: Lexicon) -> bool:
    """Return whether the index or an editors' set knows a word as it is."""
    known_to_index = lexicon.vocabulary is not None and lexicon.vocabulary.knows_term(word)
    return known_to_index or bool(lexicon.synonyms.alternatives([word]))


def _cues_spelled(text: str, lexicon: Lexicon, parsed: ParsedQuery) -> str:
    """Return the text with misspelt words of the question cues spelt right ("i'd rahter
    not call": rather), before the cues are looked for; other words are corrected later,
    with their synonyms."""
    speller = lexicon.speller
    if speller is None or not mechanism_on("typos"):
        return text

    def spelt(match: re.Match) -> str:
        typed = match.group()
        if len(typed) < 5 or typed in CUE_WORDS or not _near_a_cue(typed):
            return typed  # most words: no look-up in the speller's tables
        if speller.is_real_word(typed):
            return typed
        corrections = speller.corrections(typed)
        if not corrections or corrections[0] not in CUE_WORDS:
            return typed
        parsed.corrections[typed] = corrections[0]
        return corrections[0]

    return LATIN_WORD.sub(spelt, text)


def _near_a_cue(typed: str) -> bool:
    """Return whether a word is two edits or fewer (the speller's largest budget) from a
    cue's word with the same first letter: the typos looked for here keep it."""
    return any(
        cue[0] == typed[0] and abs(len(cue) - len(typed)) <= 2 and edit_distance(cue, typed) <= 2
        for cue in CUE_WORDS
    )


def _pleas_beside_a_topic(text: str, terms: list) -> list[tuple[int, int]]:
    """Return where the text pleads for help, unless that is all it says: "help!" alone
    asks for the help pages, "order not shipped please help" for the order."""
    pleas = plea_spans(text)
    outside = (
        term
        for term in terms
        if not any(start <= term.start < end for start, end in pleas)
        and not is_stop_word(term.text)
        and not is_filler(text[term.start : term.end])
        and not is_filler(term.text)
    )
    return pleas if pleas and next(outside, None) is not None else []


def _failed_actions(
    words: list[QueryWord], runs: Mapping, forms: Mapping, lexicon: Lexicon
) -> dict[int, tuple[range, list[Alternative]]]:
    """Return, by the first word of an action the query says failed (登录失败, "login
    failed", "my login keeps failing", "failed to log in", 没能登录), the words saying so and
    the editors' sets naming the inability to do it (无法登录, 登录不了, "can't log in"),
    weighted as synonyms. A failure no set names changes nothing: "order error" keeps its
    "error" (订单信息错误)."""
    if lexicon.synonyms is None:
        return {}
    texts = [word.text for word in words]
    run_starts = {end: start for start, (end, _alternatives) in runs.items()}
    found: dict[int, tuple[range, list[Alternative]]] = {}
    for i in range(len(words)):
        if size := failure_before(texts, i):
            start = i + size
            if start >= len(words):
                continue
            end = runs[start][0] if start in runs else start + 1
        elif (size := failure_after(texts, i)) and (action := _action_before(words, i, run_starts)):
            start, end = action
        else:
            continue
        searched_apart = start in forms or words[start].parts > 1  # 登不上去, "creditcard"
        if searched_apart or (end - start == 1 and _no_topic(words[start])):
            continue
        terms = [tuple(word.text for word in words[start:end])]
        if start in runs and runs[start][0] == end:
            terms.extend(runs[start][1])
        scale = min(word.weight for word in words[start:end])
        if alternatives := _inability_sets(terms, lexicon.synonyms, scale):
            found[start] = (range(i, i + size), alternatives)
    return found


def _action_alone(
    words: list[QueryWord], runs: Mapping, forms: Mapping, lexicon: Lexicon
) -> dict[int, tuple[range, list[Alternative]]]:
    """Return, for a query that names only an action the editors name an inability of
    ("login", 登录, "sign in"), that inability's sets, as for a failed action: a customer
    searches a help center for an action because it does not work."""
    if lexicon.synonyms is None:
        return {}
    topical = [i for i, word in enumerate(words) if not _no_topic(word)]
    if not topical or topical[0] in forms or words[topical[0]].parts > 1:
        return {}
    start = topical[0]
    end = runs[start][0] if start in runs else start + 1
    if any(i >= end for i in topical):
        return {}
    terms = [tuple(word.text for word in words[start:end])]
    if start in runs:
        terms.extend(runs[start][1])
    scale = min(word.weight for word in words[start:end])
    alternatives = _inability_sets(terms, lexicon.synonyms, scale)
    return {start: (range(start, start), alternatives)} if alternatives else {}


def _action_before(
    words: list[QueryWord], i: int, run_starts: Mapping[int, int]
) -> tuple[int, int] | None:
    """Return where the action said to fail at word i stands: the editors' term or the word
    before it, past up to two words of no topic or repetition ("keeps", 一直)."""
    end = i
    while end > max(0, i - 2) and end not in run_starts and _again_or_no_topic(words[end - 1]):
        end -= 1
    return (run_starts.get(end, end - 1), end) if end else None


def _again_or_no_topic(word: QueryWord) -> bool:
    return _no_topic(word) or word.surface.lower() in FAILING_AGAIN


def _inability_sets(
    terms: list[tuple[str, ...]], table: SynonymTable, scale: float
) -> list[Alternative]:
    """Return the editors' terms for being unable to do what these terms name: the sets
    holding 无法 / 不能 / …不了 with a Chinese term, "can't" / "cannot" with another."""
    found: list[tuple[str, ...]] = []
    for term in dict.fromkeys(terms):
        if all(is_chinese(word) for word in term):
            keys = [[*term, "不了"], ["无法", *term], ["不能", *term]]
        else:
            keys = [["can", "t", *term], ["cannot", *term]]
        for key in keys:
            found.extend(
                words
                for words in table.alternatives(key) or ()
                if words not in found and carries_topic(words)
            )
    return [
        Alternative(words, scale * (SYNONYM_WEIGHT if len(words) == 1 else SYNONYM_PHRASE_WEIGHT))
        for words in found
    ]


def _with(
    group: list[Alternative], failed: tuple[range, list[Alternative]] | None
) -> list[Alternative]:
    """Return a group with the inability sets of the action it names, if it failed."""
    if failed is not None:
        known = {alternative.words for alternative in group}
        group.extend(alternative for alternative in failed[1] if alternative.words not in known)
    return group


def _potential_forms(words: list[QueryWord]) -> dict[int, Potential]:
    """Return the verbs in their potential form (登不上去, 找不到), by their first word."""

    def is_verb(text: str) -> bool:
        return (
            is_chinese(text)
            and not is_stop_word(text)
            and not is_filler(text)
            and text not in IDIOMS
        )

    found = potential_forms([word.text for word in words], is_verb)
    return {form.start: form for form in found}


def _potential_groups(
    words: list[QueryWord], form: Potential, runs: Mapping, lexicon: Lexicon
) -> list[list[Alternative]]:
    """Return the groups of a verb in its potential form: the verb (its editors' set when
    it has one), with the words it may stand for; and its complement only when that names
    a result (看不懂: 懂), since a direction or phase (上去, 不了) says nothing of a topic."""
    first, inside = words[form.start], form.verb_end == form.start
    # A verb inside one word (解决不了) weighs as a sub-word of what was typed.
    weight = first.weight * SUB_WORD_WEIGHT if inside else first.weight
    if form.start in runs:
        end, alternatives = runs[form.start]
        group = _synonym_group(words[form.start : end], alternatives)
    else:
        verb = replace(first, text=form.verb, surface=form.verb, weight=weight)
        group = _word_group(verb if inside else first, lexicon)
    vocabulary = lexicon.vocabulary
    if inside and vocabulary is not None and vocabulary.knows_term(first.text):
        group.insert(0, Alternative((first.text,), first.weight))
    # The verb's editors' set names its failure in its other words too (登陆不了: 登录不了).
    same = runs[form.start][1] if form.start in runs else []
    others = [words[0] for words in same if len(words) == 1 and is_chinese(words[0])]
    known = {alternative.words for alternative in group}
    for alternative in _potential_alternatives(form, lexicon, weight, others):
        if alternative.words not in known:
            known.add(alternative.words)
            group.append(alternative)
    groups = [group]
    if form.complement in RESULTATIVE:
        complement = QueryWord(form.complement, form.complement, first.weight)
        groups.append(_word_group(complement, lexicon))
    return groups


def _potential_alternatives(
    form: Potential, lexicon: Lexicon, weight: float, others: Sequence[str] = ()
) -> list[Alternative]:
    """Return what a verb in its potential form may stand for besides itself: the verb
    with its result as one word the index holds (找不到: 找到); for a single character
    the index lacks, the index's verbs that start with it (登不上去: 登录), as a thesaurus
    expansion weighs; and for 不, the editors' sets that name the failure (登录不了, 无法
    登录, or the form with a shorter complement: 登不上)."""
    vocabulary, found = lexicon.vocabulary, []
    if vocabulary is None:
        return found
    verbs = [(form.verb, weight)]
    if form.result != form.verb and vocabulary.knows_term(form.result):
        verbs.append((form.result, weight))
    if len(form.verb) == 1 and not vocabulary.knows_term(form.verb):
        verbs.extend(
            (term, weight * THESAURUS_WEIGHT)
            for term in vocabulary.terms_starting(form.verb)
            if len(term) > 1 and is_dictionary_verb(term)
        )
    found.extend(Alternative((term,), w) for term, w in verbs[1:])
    if lexicon.synonyms is None or not form.negative:
        return found
    failures = [(form.verb + "不" + form.shorter, weight)]
    failures.extend(
        (f, w)
        for term, w in [*verbs, *((other, weight) for other in others)]
        for f in (term + "不了", "无法" + term, "不能" + term)
    )
    for failure, w in failures:
        for words in lexicon.synonyms.alternatives([failure]) or ():
            if carries_topic(words):
                scale = SYNONYM_WEIGHT if len(words) == 1 else SYNONYM_PHRASE_WEIGHT
                found.append(Alternative(words, w * scale))
    return found


def _read_pinyin(
    rest: str, lexicon: Lexicon, parsed: ParsedQuery
) -> tuple[str, dict[str, tuple[str, ...]]]:
    """Return the text with its pinyin replaced by the Chinese words it reads as, and the
    other homophones of each word; the text as it is when it is not pinyin. The reader is
    made only for a text that may be pinyin (its first use costs ~0.2 s at 10,000 entries)."""
    typed, orthography = rest, mechanism_on("pinyin_orthography")
    if orthography:
        rest = without_tone_marks(rest)  # tuì huò is tui huo
    if not mechanism_on("pinyin") or not may_be_pinyin(rest) or lexicon.pinyin is None:
        return typed, {}
    reader = lexicon.pinyin
    slots = reader.read(rest, orthography=orthography)
    if not slots:
        return typed, {}
    text = without_tone_numbers(rest) if orthography else rest
    english = LATIN_WORD.sub(
        lambda m: m.group() if reader.reads_as_english(m.group()) else " ", text
    )
    read = [*english.split(), *(slot[0] for slot in slots)]
    parsed.reading = words_key(read)  # shown as Chinese is written: 修改密码, not 修改 密码
    homophones = {slot[0]: tuple(slot[1:]) for slot in slots}
    return " ".join(read), homophones


def _spelled(words: list[QueryWord], lexicon: Lexicon, parsed: ParsedQuery) -> list[QueryWord]:
    """Return the words with misspellings corrected, and joined or split words found.

    Done before synonyms apply, so a corrected word brings its synonyms along.
    """
    speller, spelled, i = lexicon.speller, [], 0
    while i < len(words):
        word, typed = words[i], words[i].surface.lower()
        following = words[i + 1].surface.lower() if i + 1 < len(words) else ""
        if (
            _may_be_misspelt(word)
            and following.isalpha()
            and not is_stop_word(following)  # "log in" is a phrase, not "login" misspelt
            and (joined := speller.join(typed, following))
        ):
            spelled.append(replace(_corrected(joined, COMPOUND_WEIGHT), unwanted=word.unwanted))
            parsed.corrections[f"{typed} {following}"] = joined
            i += 2
            continue
        spelled.extend(
            replace(spelling, unwanted=word.unwanted)
            for spelling in _spelling_of(word, typed, lexicon, parsed)
        )
        i += 1
    return spelled


def _spelling_of(
    word: QueryWord, typed: str, lexicon: Lexicon, parsed: ParsedQuery
) -> list[QueryWord]:
    """Return a word, its correction, or the two known words it runs together."""
    speller, vocabulary = lexicon.speller, lexicon.vocabulary
    known = vocabulary is not None and vocabulary.knows_term(word.text)
    if not _may_be_misspelt(word) or known or speller.is_real_word(typed):
        return [word]
    if corrections := speller.corrections(typed)[:MAX_TYPO_CORRECTIONS]:
        parsed.corrections[typed] = corrections[0]
        others = tuple(filter(None, map(normalize_word, corrections[1:])))
        return [_corrected(corrections[0], TYPO_WEIGHT, others)]
    if corrections := _stem_corrections(word, typed, lexicon):
        # Shown with the typed ending: "emialed" is "emailed", searched as "email".
        parsed.corrections[typed] = corrections[0] + typed[len(word.text) :]
        others = tuple(filter(None, map(normalize_word, corrections[1:])))
        return [replace(_corrected(corrections[0], TYPO_WEIGHT, others), surface=typed)]
    if parts := speller.split(typed):
        parsed.corrections[typed] = " ".join(parts)
        split = [_corrected(part, COMPOUND_WEIGHT) for part in parts]
        split[0] = replace(split[0], parts=len(parts))
        return split
    return [word]


def _heard(words: list[QueryWord], lexicon: Lexicon, parsed: ParsedQuery) -> list[QueryWord]:
    """Return the words with Chinese homophone typos read as the known words (the index's,
    the editors' sets') they sound like: 退宽 as 退款, 到帐 as 到账, 礼品咔 as 礼品卡.

    A pinyin keyboard offers every character of a sound, and customers pick the wrong one
    (别字). The segmenter cuts such a typo into pieces (退 + 宽), so a word nobody knows is
    read alone and with its neighbour; what it reads as must be a known word of as many
    characters that shares one of them (经典 is no typo of 景点), and a dictionary word is
    no typo at all."""
    vocabulary, dictionary = lexicon.vocabulary, lexicon.dictionary
    if vocabulary is None:
        return words

    def real(text: str) -> bool:  # 发火 (to get angry) is no typo of 发货 (to ship)
        return dictionary is not None and bool(dictionary.english(text))

    def known(text: str) -> bool:
        return vocabulary.knows_term(text) or bool(
            lexicon.synonyms and lexicon.synonyms.alternatives([text])
        )

    def unknown(word: QueryWord) -> bool:  # the cheap look-ups first: most words are real
        return (
            is_chinese(word.text)
            and not word.others
            and not word.filler
            and not is_stop_word(word.text)
            and not is_filler(word.text)
            and not real(word.text)
            and not known(word.text)
        )

    lacking = [unknown(word) for word in words]
    pieces = [  # may be part of a typo with a neighbour
        is_chinese(word.text) and not word.filler and not word.others for word in words
    ]
    single = [  # a character alone is rarely what was meant
        piece and len(word.text) == 1 and not is_stop_word(word.text)
        for piece, word in zip(pieces, words, strict=True)
    ]
    ends: dict[int, list[int]] = {}  # where a stretch worth reading starts -> its ends
    for i, word in enumerate(words):
        if lacking[i] and len(word.text) >= 2:
            ends.setdefault(i, []).append(i + 1)
        if (
            i + 1 < len(words)
            and pieces[i]
            and pieces[i + 1]
            and (lacking[i] or lacking[i + 1] or (single[i] and single[i + 1]))
            and len(joined := word.text + words[i + 1].text) <= MAX_HEARD_LENGTH
            and not real(joined)
            and not known(joined)
        ):
            ends.setdefault(i, []).append(i + 2)
    if not ends or lexicon.pinyin is None:
        return words
    texts = {(i, end): _joined(words[i:end]) for i, stretch in ends.items() for end in stretch}
    readings = readings_by_word(list(set(texts.values())))
    heard, i = [], 0
    while i < len(words):
        for end in ends.get(i, ()):
            if found := _sounding_like(texts[i, end], readings, lexicon.pinyin, known):
                typed = "".join(w.surface for w in words[i:end])
                parsed.corrections[typed] = found[0]
                others = tuple(found[1:MAX_TYPO_CORRECTIONS])
                heard.append(
                    replace(_corrected(found[0], TYPO_WEIGHT, others), unwanted=words[i].unwanted)
                )
                i = end
                break
        else:
            heard.append(words[i])
            i += 1
    return heard


def _joined(words: list[QueryWord]) -> str:
    return "".join(word.text for word in words)


def _sounding_like(
    text: str,
    readings: Mapping[str, list[tuple[tuple[str, ...], int]]],
    reader: PinyinReader,
    known: Callable[[str], bool],
) -> list[str]:
    """Return the known words (the index's, the editors' sets') that read as the text,
    share a character with it and are as long, most common first; each character read
    its most common way (坏 may be read pī, as 否 may be pǐ: 是坏 is no 是否)."""
    found = []
    for syllables, rare in readings.get(text, ()):
        if rare:
            continue
        key, ends = spelling(syllables)
        for other, other_ends, other_rare in reader.readings.get(key, ()):
            if (
                not other_rare
                and other_ends == ends
                and other != text
                and len(other) == len(text)
                and set(other) & set(text)
                and known(other)
            ):
                found.append(other)
    return list(dict.fromkeys(found))


def _may_be_misspelt(word: QueryWord) -> bool:
    typed = word.surface.lower()
    return typed.isascii() and typed.isalpha() and not is_stop_word(typed) and not is_filler(typed)


def _stem_corrections(word: QueryWord, typed: str, lexicon: Lexicon) -> list[str]:
    """Return the corrections of a misspelt word's stem, when the word is the stem and an
    ending (`inflected_typos`): the speller knows the words the index writes ("email") and
    the general lexicon's base forms, so "emialed" had none, while its stem "emial" is one
    swap from "email"."""
    if not mechanism_on("inflected_typos") or word.text == typed or not typed.startswith(word.text):
        return []
    return lexicon.speller.corrections(word.text)[:MAX_TYPO_CORRECTIONS]


def _corrected(written: str, weight: float, others: tuple[str, ...] = ()) -> QueryWord:
    return QueryWord(normalize_word(written, keep_stop_words=True), written, weight, others)


def _no_topic(word: QueryWord) -> bool:
    """Return whether a query word names no topic (a stop word, a pronoun, filler)."""
    return is_stop_word(word.text) or is_filler(word.surface.lower()) or is_filler(word.text)


def _separable(word: QueryWord) -> bool:
    return is_separable_particle(word.surface.lower())


def _synonym_group(
    words: list[QueryWord], alternatives: list[tuple[str, ...]]
) -> list[Alternative]:
    scale = min(word.weight for word in words)
    # A run may hold words of no topic inside it ("send *it* back"): they are not searched.
    gapped = mechanism_on("gapped_phrases")
    own = tuple(w.text for w in words if not (is_stop_word(w.text) or (gapped and _no_topic(w))))
    # A negation is a stop word, but without it the rest says the opposite: 不对 is not 对
    # ("right"), "not working" not "working"; the set's terms say it. ("never", no stop
    # word, stays in "never came".)
    dropped = {w.text for w in words} - set(own)
    negated = not dropped.isdisjoint(NEGATING_WORDS) and mechanism_on("negated_runs")
    group = [Alternative(own, scale)] if own and not (negated and alternatives) else []
    group.extend(
        Alternative(alt, scale * (SYNONYM_WEIGHT if len(alt) == 1 else SYNONYM_PHRASE_WEIGHT))
        for alt in alternatives
        if alt != own
    )
    return group


@dataclass(frozen=True)
class _ThesaurusPhrases:
    """The thesaurus's keys of two words or more ("wait line", "turn down"), as a table
    match_runs reads; a word alone is looked up with its group (_word_group)."""

    thesaurus: Thesaurus

    @property
    def longest(self) -> int:
        return self.thesaurus.longest

    def alternatives(self, words: list[str]) -> list[tuple[str, ...]] | None:
        return self.thesaurus.alternatives(words) if len(words) > 1 else None


def _thesaurus_runs(
    words: list[QueryWord], runs: Mapping, lexicon: Lexicon, gap: Callable | None
) -> dict[int, int]:
    """Return the runs of words that a lexical resource knows as one lemma ("wait line",
    "electronic mail", "turn down"), outside the editors' runs: {start: end}."""
    table = _ThesaurusPhrases(lexicon.thesaurus)
    taken = {j for start, (end, _alternatives) in runs.items() for j in range(start, end)}
    return {
        start: end
        for start, end, _alternatives in match_runs(words, table, gap)
        if taken.isdisjoint(range(start, end))
    }


def _phrase_group(words: list[QueryWord], lexicon: Lexicon) -> list[Alternative]:
    """Return one group for a run of words a lexical resource knows as one lemma: the
    words as a phrase, what the resource leads the lemma to, and each word with its
    alternatives as a sub-word ("wait line" is a queue, and still a line to wait in)."""
    scale = min(word.weight for word in words)
    own = tuple(word.text for word in words if not is_stop_word(word.text))
    group = [Alternative(own, scale), *_thesaurus_alternatives(own, lexicon, scale)]
    for word in words:
        group.extend(
            replace(a, weight=a.weight * SUB_WORD_WEIGHT) for a in _word_group(word, lexicon)
        )
    return _merged(group)


def _kind_runs(words: list[QueryWord], runs: Mapping, names: KindNames) -> dict[int, tuple]:
    """Return the runs of words that name a kind of entry no entry's text names, longest
    first, outside the editors' runs: {start: (end, the kind's content type)}."""
    longest = max(map(len, names), default=0)
    found, i = {}, 0
    while i < len(words):
        if i in runs:
            i = runs[i][0]
            continue
        for length in range(min(longest, len(words) - i), 0, -1):
            if content_type := names.get(tuple(w.text for w in words[i : i + length])):
                found[i] = (i + length, content_type)
                i += length
                break
        else:
            i += 1
    return found


def _kind_group(words: list[QueryWord], content_type: str, lexicon: Lexicon) -> list[Alternative]:
    """Return the group of words naming a kind of entry ("tips", 小技巧): the words, and
    every entry of the kind below a word that rare. The kinds are what the pages call them
    ("Tip" on each tip, the list of tips), and no entry's text says so: "tips" alone
    answered nothing, "tips for contacting support" the channels."""
    scale = min(word.weight for word in words)
    if len(words) == 1:
        group = _word_group(words[0], lexicon)
    else:
        group = [Alternative(tuple(word.text for word in words), scale)]
    return [*group, Alternative((content_type,), scale * KIND_NAME_WEIGHT, KIND_FIELD)]


def _joined_group(
    words: list[QueryWord], start: int, end: int, runs: Mapping, lexicon: Lexicon
) -> list[Alternative]:
    """Return one group for a word typed joined: its known words as a phrase, and each
    of them, with its alternatives, as a sub-word of it ("creditcard" is one thing, and
    not a gift card because it holds "card"), as a Chinese compound's sub-words are."""
    group = [Alternative(tuple(word.text for word in words[start:end]), words[start].weight)]
    i = start
    while i < end:
        if i in runs and runs[i][0] <= end:
            stop, alternatives = runs[i]
            part = _synonym_group(words[i:stop], alternatives)
        else:
            stop, part = i + 1, _word_group(words[i], lexicon)
        group.extend(replace(a, weight=a.weight * SUB_WORD_WEIGHT) for a in part)
        i = stop
    return group


def _word_group(word: QueryWord, lexicon: Lexicon) -> list[Alternative]:
    """Return a word's alternatives, or none for a stop word or question filler."""
    term = word.text
    if (
        is_stop_word(term)
        or (
            mechanism_on("questions")
            and (word.filler or is_filler(word.surface.lower()) or is_filler(term))
        )
        or (mechanism_on("particles") and is_particle(word.surface.lower()))
    ):
        return []
    group = [Alternative((term,), word.weight)]
    group.extend(
        Alternative((other,), word.weight * PINYIN_HOMOPHONE_WEIGHT) for other in word.others
    )
    group.extend(Alternative((sub,), word.weight * SUB_WORD_WEIGHT) for sub in sub_words(term))
    if mechanism_on("phrase_parts"):
        group.extend(_phrase_part_alternatives(word, lexicon))
    if lexicon.thesaurus is not None and mechanism_on("thesaurus"):
        group.extend(_thesaurus_alternatives([term], lexicon, word.weight))
        for sub in sub_words(term):
            group.extend(_thesaurus_alternatives([sub], lexicon, word.weight * SUB_WORD_WEIGHT))
    if lexicon.dictionary is not None and mechanism_on("translations"):
        known = {alternative.words for alternative in group}
        group.extend(a for a in _translations(word, lexicon) if a.words not in known)
        # A compound the dictionary lacks is its words (邮箱地址: 邮箱 + 地址), each
        # translated as a sub-word weighs: 邮箱 leads to the e-mail channel's "email".
        if mechanism_on("sub_word_translations") and not lexicon.dictionary.english(term):
            for sub in _tiling(term):
                part = QueryWord(sub, sub, word.weight * SUB_WORD_WEIGHT)
                known = {alternative.words for alternative in group}
                group.extend(a for a in _translations(part, lexicon) if a.words not in known)
    if mechanism_on("bigrams"):
        group.extend(_characters(term, lexicon.vocabulary, word.weight))
    if mechanism_on("named_goods"):
        group = _merged(group + _goods(word, lexicon))
    return group


def _goods(word: QueryWord, lexicon: Lexicon) -> list[Alternative]:
    """Return a thing's goods alternatives: a thing the index never names ("this blender
    smells like burning plastic", 耳机一边没声音) is what a shop's pages call a product, so
    it is searched as the index's words for goods (product, 商品) too, below the words
    typed, when the query says something besides things (parse_query). Things and goods
    words come from WordNet and Cilin (bin/build-lexicons); a thing the index knows (电话,
    "button") is searched as itself only."""
    vocabulary = lexicon.vocabulary
    if vocabulary is None or vocabulary.knows_term(word.text) or not _names_a_thing(word, lexicon):
        return []
    return [
        replace(alternative, goods=True)
        for goods in goods_words()
        if vocabulary.knows_term(goods)
        for alternative in _word_group(QueryWord(goods, goods, word.weight * GOODS_WEIGHT), lexicon)
    ]


def _names_a_thing(word: QueryWord, lexicon: Lexicon) -> bool:
    """Return whether a word names a thing: a Chinese word as written, an English one by
    its lemma ("shoes": shoe), not its stem ("costumer", a typo of customer, stems as
    "costume" does)."""
    if is_chinese(word.text) or lexicon.dictionary is None:
        return word.text in THINGS
    written = word.surface.lower()
    return bool(THINGS.among([written, *lexicon.dictionary.base_forms(written)]))


def _merged(group: list[Alternative]) -> list[Alternative]:
    """Return a group's alternatives each once, at the highest weight it was given."""
    best: dict[tuple, Alternative] = {}
    for alternative in group:
        key = (alternative.words, alternative.field, alternative.last_resort)
        if key not in best or alternative.weight > best[key].weight:
            best[key] = alternative
    return list(best.values())


@cache
def goods_words() -> tuple[str, ...]:
    """Return the words for goods in general (product, 商品), as the index spells them."""
    return tuple((resources.value("meta", "goods") or "").split())


def _tiling(term: str) -> list[str]:
    """Return the dictionary words that a Chinese word is made of end to end (邮箱地址:
    邮箱 + 地址; 瑕疵品: 瑕疵 + 品, a character alone left out), never two that overlap
    (记下来 is 记下 + 来, not 下来, "come down")."""
    subs, found, i = set(sub_words(term)), [], 0
    while subs and i < len(term):
        size = next((n for n in (3, 2) if term[i : i + n] in subs), 1)
        if size > 1:
            found.append(term[i : i + size])
        i += size  # a character alone: too ambiguous to translate
    return found


def _phrase_part_alternatives(word: QueryWord, lexicon: Lexicon) -> list[Alternative]:
    """Return, for an English word the index lacks, the terms of the editors' sets that
    name it in a phrase ("reference" of "reference number" leads to the case number's
    set), weighted as a sub-word: the word is the phrase's specific part, which the
    content does not use, so the customer who typed it alone means the phrase's thing."""
    table, vocabulary, term = lexicon.synonyms, lexicon.vocabulary, word.text
    if (
        table is None
        or vocabulary is None
        or is_chinese(term)
        or word.surface.lower() in CLOSED_CLASS
        or vocabulary.knows_term(term)
    ):
        return []
    weight = word.weight * SUB_WORD_WEIGHT
    return [
        Alternative(words, weight * (SYNONYM_WEIGHT if len(words) == 1 else SYNONYM_PHRASE_WEIGHT))
        for words in table.containing(term)
        if words != (term,) and carries_topic(words)
    ]


def _translations(word: QueryWord, lexicon: Lexicon) -> list[Alternative]:
    """Return the index words that translate a word into the other language: a Chinese
    word's English glosses, or the Chinese words an English word is the gloss of."""
    dictionary, vocabulary = lexicon.dictionary, lexicon.vocabulary
    if is_chinese(word.text):
        translations = [
            tuple(query_terms(gloss))
            for gloss in dictionary.english(word.text)
            if not (mechanism_on("negated_glosses") and _negated(gloss))
        ]
    elif word.surface.isascii() and word.surface.isalpha():
        translations = [tuple(query_terms(chinese)) for chinese in _chinese_of(word, lexicon)]
    else:
        return []
    weight = word.weight * TRANSLATION_WEIGHT
    found = [
        Alternative(terms, weight)
        for terms in dict.fromkeys(translations)
        if carries_topic(terms) and (vocabulary is None or all(map(vocabulary.knows_term, terms)))
    ]
    if lexicon.synonyms is not None and mechanism_on("translated_sets"):
        known = {alternative.words for alternative in found}
        for terms in dict.fromkeys(translations):
            if terms in known:  # the index holds it: the entries that use it are found
                continue
            for words in lexicon.synonyms.alternatives(list(terms)) or ():
                if words not in known and carries_topic(words):
                    known.add(words)
                    found.append(Alternative(words, weight))
    return found


# A gloss holding one of these says the opposite of its other words, and these are stop
# words, so what is searched is the opposite: 简单, "not complicated", led to "complicated",
# 不佳, "not good", to "good".
NEGATIONS = frozenset({"not", "no"})


def _negated(gloss: str) -> bool:
    """Return whether a dictionary gloss is negated by a word the analysis drops."""
    return not NEGATIONS.isdisjoint(LATIN_WORD.findall(gloss.lower()))


def _chinese_of(word: QueryWord, lexicon: Lexicon) -> tuple[str, ...]:
    """Return the Chinese words an English word glosses; for an inflected form the index
    lacks that glosses none ("charged"), those its base form glosses (CC-CEDICT glosses
    lemmas: "to charge"). A form the index holds finds its entries in both languages."""
    dictionary, vocabulary = lexicon.dictionary, lexicon.vocabulary
    found = dictionary.chinese(word.surface)
    if (
        found
        or not mechanism_on("base_form_translations")
        or (vocabulary is not None and vocabulary.knows_term(word.text))
    ):
        return found
    return next(filter(None, map(dictionary.chinese, dictionary.base_forms(word.surface))), ())


def carries_topic(terms: tuple[str, ...]) -> bool:
    """Return whether the index terms a resource leads to name a topic, not only stop
    words or question filler: WordNet's "person" is also "someone", which weighs nothing
    typed, and followed ranked "Someone has taken over my account" first."""
    return any(
        not is_stop_word(term) and not (mechanism_on("questions") and term in FILLER_TERMS)
        for term in terms
    )


def _thesaurus_alternatives(
    words: Sequence[str], lexicon: Lexicon, weight: float
) -> list[Alternative]:
    """Return the index words a lexical resource leads a word (or a run of words: "wait
    line") to, and where it leads to a word of an editor's synonym set, that set's words
    too (weighted as the expansion)."""
    found = []
    for expansion in lexicon.thesaurus.lookup(words):
        if not carries_topic(expansion.words):
            continue  # "person" leads to "someone", which says nothing of a topic
        if expansion.source == WORDNET_DERIVED and not mechanism_on("derived_forms"):
            continue
        found.append(Alternative(expansion.words, weight * expansion.weight))
        if expansion.source == CILIN_NEAR or not lexicon.synonyms:
            continue  # a word near in meaning leads to itself, not on to its synonyms
        chained = lexicon.synonyms.alternatives(list(expansion.words))
        found.extend(Alternative(words, weight * expansion.weight) for words in chained or ())
    return found


def _characters(term: str, vocabulary: Vocabulary | None, weight: float) -> list[Alternative]:
    """Return a Chinese word's characters as alternatives in the bigram field, for recall:
    a word the index lacks as its bigrams in a row, and as a last resort each of its
    characters alone (退 of 退回来 meets 退货 and 退款); a single-character word, as a last
    resort, the words it is part of."""
    if not is_chinese(term):
        return []
    if len(term) == 1:
        return [Alternative((term,), weight * UNIGRAM_WEIGHT, BIGRAM_FIELD, last_resort=True)]
    if not _unknown_chinese(term, vocabulary):
        return []
    characters = [c for c in dict.fromkeys(term) if not is_stop_word(c) and not is_filler(c)]
    return [
        Alternative(tuple(cjk_bigrams(term)), weight * BIGRAM_WEIGHT, BIGRAM_FIELD),
        *(Alternative((c,), weight * UNIGRAM_WEIGHT, BIGRAM_FIELD, True) for c in characters),
    ]


def _unknown_chinese(term: str, vocabulary: Vocabulary | None) -> bool:
    return (
        len(term) >= 2
        and is_chinese(term)
        and vocabulary is not None
        and not vocabulary.knows_term(term)
    )


def _distinct(groups: list[list[Alternative]]) -> list[list[Alternative]]:
    """Drop empty groups and repeats: two words of one synonym set ("拍照 当 证据") need one."""
    seen, kept = set(), []
    for group in groups:
        key = frozenset((alternative.words, alternative.field) for alternative in group)
        if group and key not in seen:
            seen.add(key)
            kept.append(group)
    return kept
