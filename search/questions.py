"""Question templates and filler: the words of a customer's question that carry no topic.

"How do I…", "what should I do", "is it ok to", "pls", 怎么办, 该怎么, 咋弄, 急急急: they
say that something is being asked, not what about. Left in, a rare one ("kinda", 咋) is
what ranks an entry, because BM25 rewards rare words; so the parser gives them no weight
(search/query.py). Only whole words are dropped, and never a word an editor's synonym set
names ("help" in "help center" stays), so the words that carry the meaning are kept.

These are general lists of English and Chinese question language, not words of any
labelled query; the index's stop words (search/analysis.py) are dropped already.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from search.analysis import is_chinese

# English, as typed (lowercase, before stemming).
ENGLISH_FILLER = frozenset(
    [
        "able",
        "absolutely",
        "actually",
        "again",
        "already",
        "also",
        "any",
        "anybody",
        "anyone",
        "anything",
        "anyway",
        "anywhere",
        "awfully",
        "bit",
        "bother",
        "bruh",
        "btw",
        "completely",
        "dear",
        "even",
        "ever",
        "exactly",
        "extremely",
        "fml",
        "gimme",
        "gonna",
        "guess",
        "guys",
        "hello",
        "hey",
        "hi",
        "honestly",
        "idk",
        "im",
        "imo",
        "incredibly",
        "just",
        "kind",
        "kinda",
        "know",
        "literally",
        "lmao",
        "lol",
        "many",
        "maybe",
        "much",
        "must",
        "need",
        "needs",
        "ngl",
        "ok",
        "okay",
        "omg",
        "please",
        "pls",
        "plz",
        "possible",
        "probably",
        "question",
        "quite",
        "rather",
        "really",
        "right",
        "said",
        "say",
        "says",
        "seems",
        "seriously",
        "should",
        "some",
        "somebody",
        "someone",
        "something",
        "sometimes",
        "somewhere",
        "sorta",
        "still",
        "super",
        "sure",
        "tell",
        "terribly",
        "thank",
        "thanks",
        "thing",
        "things",
        "think",
        "tho",
        "though",
        "too",
        "totally",
        "try",
        "trying",
        "u",
        "ur",
        "very",
        "wanna",
        "want",
        "wanted",
        "wants",
        "well",
        "whatever",
        "wtf",
        "ya",
        "yeah",
        "yes",
        "yet",
    ]
)

# Chinese, as the segmenter gives them (Simplified). Question words, hedges, modal
# verbs and interjections; 急 alone stays (urgency matters), 急急急 is only emphasis.
CHINESE_FILLER = frozenset(
    [
        "咋",
        "咋办",
        "咋弄",
        "咋整",
        "啥",
        "该",
        "应该",
        "应当",
        "能否",
        "可否",
        "能不能",
        "可不可以",
        "可以",
        "有没有",
        "是不是",
        "要不要",
        "会不会",
        "需不需要",
        "需要",
        "请问",
        "到底",
        "究竟",
        "急急急",
        "求助",
        "求求",
        "救命",
        "谢谢",
        "你好",
        "您好",
        "麻烦",
        "一下",
        "还是",
        "这个",
        "那个",
        "这样",
        "那样",
        "这种",
        "那种",
        "现在",
        "已经",
        "然后",
        "而且",
        "但是",
        "可是",
        "就是",
        "真的",
        "其实",
        "居然",
        "竟然",
        "简直",
        "总是",
        "老是",
        "一般",
        "通常",
        "怎么回事",
        "怎么样",
        "怎么弄",
        "怎么搞",
        "怎样才能",
        "如何才能",
        "为啥",
        "干嘛",
        # Interrogatives the stop words lack ("which", "where", "why" and "when" are English
        # stop words): 哪些 was glossed "one", 什么样 "sort" (the summary's "sort it out").
        "哪些",
        "哪儿",
        "哪样",
        "何处",
        "何时",
        "几时",
        "为何",
        "什么样",
        "咋样",
        "啥样",
        "有何",
        "怎能",
        "是否",
        "嘛",
        "哦",
        "哈",
        "呃",
        "唉",
        "吧",
        "呗",
        "啦",
        "哇",
        "哎",
        "诶",
        "嗯",
        "喂",
        "大家",
        "有人",
        "谁",
        "知道",
        "告诉",
        "请教",
        "问问",
        "问下",
        "问一下",
        "想问",
        "想知道",
    ]
)


# One Chinese character typed three times or more (急急急, 啊啊啊, 求求求) is emphasis. The
# segmenter cuts such a run into pieces (急急 + 急) that no list of filler words would meet,
# so the run goes before segmentation; 急 alone stays (urgency matters).
EMPHASIS = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff])\1{2,}")


def without_emphasis(text: str) -> str:
    """Return a query's text without its runs of one repeated Chinese character."""
    return EMPHASIS.sub(" ", text)


# Filler of three characters or more, found in the text before segmentation: the segmenter
# cuts 我想问一下 into 我 / 想 / 问 / 一下, so the list's 问一下 never met a word, and 问 stayed
# a word of the query (and 想知道, 怎么回事 the same way in other contexts).
FILLER_PHRASES = re.compile(
    "|".join(
        re.escape(word) for word in sorted(CHINESE_FILLER, key=len, reverse=True) if len(word) >= 3
    )
)


def without_filler_phrases(text: str) -> str:
    """Return a query's text without the filler phrases of three characters or more."""
    return FILLER_PHRASES.sub(" ", text)


# The adverb particles of English phrasal verbs ("show up", "sort out", "cut off", "write
# down"): with its verb a particle names an action, alone nothing. Left a word, a particle
# rare in the content ranks whatever entry holds it in another phrase ("the order doesn't
# show up in my account" went to the account page, which says "signed up"). An editors'
# phrase holding one ("locked out", "taken over") is matched whole before this.
PARTICLES = frozenset({"up", "out", "off", "down", "over", "away", "around"})


def is_particle(word: str) -> bool:
    """Return whether a query word (lowercase) is an adverb particle of a phrasal verb."""
    return word in PARTICLES


# The particles that may follow a phrasal verb's object ("send the item *back*", "log me
# *in*"); "back", "in" and "on" are words of a topic alone, so not in PARTICLES.
SEPARABLE_PARTICLES = PARTICLES | {"back", "in", "on"}


def is_separable_particle(word: str) -> bool:
    """Return whether a query word (lowercase) may be a particle after its verb's object."""
    return word in SEPARABLE_PARTICLES


# A negative contraction typed without its apostrophe ("cant log in", "item doesnt work") or
# as two words ("can not"): the editors' phrases say "can't log in" and "doesn't work", and
# the bare form (a stop word, analysis.py) matched none of them.
BARE_CONTRACTION = re.compile(
    r"\b(?:(do|does|did|is|are|was|were|has|have|had|would|could|should)nt|cant|can not|wont"
    r"|(what|where|how|who|that|there|here)s)\b"
)


def with_apostrophes(text: str) -> str:
    """Return a query's text with its contractions spelt with an apostrophe: negative ones
    ("cant", "doesnt") and a question word's "is" ("wheres", "whats"), which the speller
    took for typos of "where" and "what"."""
    return BARE_CONTRACTION.sub(_contracted, text)


def _contracted(match: re.Match) -> str:
    if match.group(1):
        return match.group(1) + "n't"
    if match.group(2):
        return match.group(2) + "'s"
    return "won't" if match.group() == "wont" else "can't"


def is_filler(word: str) -> bool:
    """Return whether a query word (lowercase, or Simplified Chinese) is question filler."""
    return word in ENGLISH_FILLER or word in CHINESE_FILLER


# What a customer would rather not do: "懒得打电话", "I'd rather not talk on the phone".
# Such words name the means they want to avoid, not what they want, so they weigh
# nothing (search/query.py). Only expressions of unwillingness: "avoid", "without" and
# fear ("怕") usually name the very problem asked about ("avoid long chat queues"), and
# a plain negation ("can't log in", "没发货") describes it.
UNWILLING = re.compile(
    r"懒得|不想|不愿意?|不方便|不喜欢|讨厌"
    r"|\b(?:(?:i'?d|i would|would) rather not|(?:don'?t|do not) (?:want|like) to"
    r"|hate to|prefer not to)\b",
    re.IGNORECASE,
)
# Where what is unwanted ends: a clause's end. In English a space does not end it
# ("rather not talk on the phone, what else"); in Chinese it does ("懒得打电话 有没有").
CLAUSE_END = re.compile(r"[,.!?;:，。！？；：、]")
CHINESE_CLAUSE_END = re.compile(r"[,.!?;:，。！？；：、\s]")


def unwanted_spans(
    text: str, *, excluded: bool = False, compared: bool = False
) -> list[tuple[int, int]]:
    """Return where the text names what the customer would rather not do: from each
    expression of unwillingness to its clause's end; with `excluded`, also what they ask
    for something other than ("instead of calling", 除了打电话还能…); with `compared`, what
    they want something better than ("a faster way than email")."""
    spans = []
    for cue in UNWILLING.finditer(text):
        clause_end = CLAUSE_END if cue.group().isascii() else CHINESE_CLAUSE_END
        end = clause_end.search(text, cue.end() + 1)
        spans.append((cue.start(), end.start() if end else len(text)))
    if excluded:
        for cue in EXCLUDED.finditer(text):
            clause_end = CLAUSE_END if cue.group().isascii() else EXCLUDED_END
            end = clause_end.search(text, cue.end() + 1)
            spans.append((cue.start(), end.start() if end else len(text)))
    if compared:
        for cue in COMPARED.finditer(text):
            end = CLAUSE_END.search(text, cue.end() + 1)
            spans.append((cue.start(1), end.start() if end else len(text)))
    return spans


# What the customer compares the wanted thing with: "a faster way than email", "something
# better than chat", "more reliable than the phone". The means after "than" is the one they
# want to get away from; the comparative before it (faster, better) is what they want.
# "rather than" and "other than" are EXCLUDED's.
COMPARED = re.compile(
    r"\b(?!rather\b|other\b)(?:\w+er|more \w+|less \w+)(?: \w+){0,2} (than)\b", re.IGNORECASE
)


# What the customer asks for something other than: "email instead of calling", "chat
# rather than phone", "anything besides the phone", 除了打电话还能怎么联系. The means named
# is the one they want to avoid, as after 不想. Not 不用 (不用等太久 is "no need to wait
# long", the very thing asked), nor "without" (see UNWILLING).
EXCLUDED = re.compile(
    r"除了|\b(?:instead of|rather than|other than|besides|apart from|aside from)\b",
    re.IGNORECASE,
)
# Where what 除了 excludes ends: 以外 / 之外, the 还 / 也 / 都 that follows it, a clause's end.
EXCLUDED_END = re.compile(r"以外|之外|[还也都]|[,.!?;:，。！？；：、\s]")


# How to deal with it: a verb of dealing after a question word (该怎么处理, 如何解决,
# "how do I deal with") asks what to do, as 怎么办 does. The verb names no topic (处理
# led to the escalation tip's 处理结果); what it deals with does.
DEALING = re.compile(
    r"(?:怎么|怎样|如何|咋)(?:去|来)?(处理|解决|应对|处置|搞定)"
    r"|\bhow (?:do|can|could|should|would|to)(?: i| we| you)?"
    r" (fix|handle|deal with|resolve|solve|sort out)\b",
    re.IGNORECASE,
)


def dealing_spans(text: str) -> list[tuple[int, int]]:
    """Return where the text has a verb of dealing that only asks what to do."""
    return [match.span(match.lastindex) for match in DEALING.finditer(text)]


# A plea for help: "please help", "pls help", "help me", "need help with…", "help!", 帮帮我,
# and the forums' "在线等" ("waiting online for an answer") ending a question. It asks for an
# answer and names no topic: left in, "help" ranked the help pages first ("order not
# shipped please help") and 在线 the live chat. "help" naming something stays a word
# ("help pages", "community help", "get help without waiting"), and so does 在线等 inside
# a question (在线等了半小时, "waited half an hour in the chat").
PLEA = re.compile(
    r"\b(?:please|pls|plz|plse|kindly|need(?: some)?|needs?|urgent)\s+(help)\b"
    r"(?!\s+(?:center|centre|centers|page|pages|article|articles|section|desk|site|forum))"
    r"|\b(help)\s+(?:me|us|pls|please|plz)\b|^\s*(help)\s*[!?.,:]"
    r"|(帮帮我|帮帮忙|求帮忙|求帮助|救救我)|(在线等)[急!?。.~\s]*$",
    re.IGNORECASE,
)


# The English words the cues above are made of, of five letters or more (a shorter word
# is corrected only for two swapped letters, search/spelling.py): a cue misspelt ("i'd
# rahter not call") is no cue, and the means it names would be searched.
CUE_WORDS = frozenset(
    {"rather", "prefer", "instead", "besides", "apart", "aside", "other", "please", "kindly"}
)


def plea_spans(text: str) -> list[tuple[int, int]]:
    """Return where the text asks for help without naming what help."""
    return [match.span(match.lastindex) for match in PLEA.finditer(text)]


# A failed action: the action, then that it failed ("登录失败", "login failed", "my login
# keeps failing"), or the failure first ("failed to log in", 没法登录). It says what
# "can't log in" and 登录不了 say, and the editors' set naming that inability is what the
# customer means (search/query.py). Index forms: "failed", "failing" are "fail".
FAILED_AFTER = (
    *(("失败",), ("出错",), ("报错",), ("不", "成功"), ("未", "成功")),
    # An error shown: English's "error" (登录显示错误, "login error").
    *(("错误",), ("显示", "错误"), ("提示", "错误"), ("出现", "错误")),
    # A problem with it: 登录问题, "login problem", "sign-in issue".
    *(("问题",), ("有", "问题")),
)
FAILED_AFTER_ENGLISH = frozenset({"fail", "failur", "error", "problem", "issu", "troubl"})
FAILED_BEFORE = (("没法",), ("没", "能"), ("未能",), ("fail", "to"), ("unabl", "to"))
# What may stand between the action and its failure: "my login keeps failing", 登录一直失败.
FAILING_AGAIN = frozenset({"keep", "keeps", "kept", "always", "still", "constantly", "repeatedly"})


def chinese_words() -> frozenset[str]:
    """Return the Chinese words these lists name (filler, failure words): words the parser
    knows though the index may hold none of them (the pinyin reader reads them)."""
    runs = [word for run in (*FAILED_AFTER, *FAILED_BEFORE) for word in run]
    return frozenset(w for w in (*CHINESE_FILLER, *runs) if is_chinese(w))


def failure_after(words: Sequence[str], i: int) -> int:
    """Return how many words at i say that the action before them failed (0 if none)."""
    if words[i] in FAILED_AFTER_ENGLISH:
        return 1
    return _run_at(words, i, FAILED_AFTER)


def failure_before(words: Sequence[str], i: int) -> int:
    """Return how many words at i say that the action after them failed (0 if none)."""
    return _run_at(words, i, FAILED_BEFORE)


def _run_at(words: Sequence[str], i: int, runs: tuple[tuple[str, ...], ...]) -> int:
    for run in runs:
        if tuple(words[i : i + len(run)]) == run:
            return len(run)
    return 0
