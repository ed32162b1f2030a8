"""Chinese verbs in their potential form: 登不上去, 找不到, 退不了, 看得懂.

A verb followed by 不 (cannot) or 得 (can) and a complement of result or direction says
whether the action reaches its result: 登不上去 is "cannot get logged on", 打不通 "cannot
get through". The segmenter knows few of these forms, so it cuts them into pieces (登 /
不 / 上去, 找 / 不到) and the verb is left a single character the index may lack, while
the complement (上去, "go up"; 不了, "without end" in the dictionary) is searched as a word
of its own. This module finds the verb and its complement; search/query.py decides what
each is searched as.

The complements are a closed class of Chinese grammar (Chao, "A Grammar of Spoken
Chinese", 6.6; Li and Thompson, "Mandarin Chinese", 3.2): the directional ones and the
phase complements say how far the action got, not what it is about; a few resultative
ones (懂, 明白, 清楚) name a result worth searching for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Direction and phase: "up", "in", "reached", "able to", "through", "off"... They say the
# action did (not) get there, and nothing of what it is.
DIRECTIONAL = frozenset(
    {
        "上",
        "上去",
        "上来",
        "下",
        "下去",
        "下来",
        "进",
        "进去",
        "进来",
        "出",
        "出去",
        "出来",
        "回",
        "回去",
        "回来",
        "过",
        "过去",
        "过来",
        "到",
        "了",
        "住",
        "掉",
        "开",
        "动",
        "完",
        "着",
        "通",
    }
)
# Results that name something the customer wants: to understand, to make clear.
RESULTATIVE = frozenset({"懂", "明白", "清", "清楚"})
COMPLEMENTS = DIRECTIONAL | RESULTATIVE
# 不 says the action cannot reach its result, 得 that it can.
MARKERS = ("不", "得")
# Words of the form that are idioms of their own: 受不了 is "cannot stand it", not
# "cannot receive", 大不了 "at worst" (对不起, 来不及 have no complement of the class).
IDIOMS = frozenset({"受不了", "忍不住", "靠不住", "顾不上", "免不了", "少不了", "大不了", "不得了"})
LONGEST_COMPLEMENT = max(map(len, COMPLEMENTS))


@dataclass(frozen=True)
class Potential:
    """A verb in its potential form, found in a query's words."""

    verb: str  # the verb as the index spells it (登, 联系, 解决)
    complement: str  # 上去, 到, 了, 懂
    start: int  # the query words it covers: [start, end)
    end: int
    verb_end: int  # the words before this are the verb's (start + 1, or start for 查不到)
    negative: bool = True  # 不 (cannot), not 得 (can)

    @property
    def result(self) -> str:
        """Return the verb and its result as one word (找到, 看懂), or the verb for 了,
        which says only that the action can be done (退不了: cannot 退)."""
        return self.verb if self.complement == "了" else self.verb + self.complement

    @property
    def shorter(self) -> str:
        """Return the complement without its 去 / 来 (上去: 上), or the complement."""
        return (
            self.complement[0]
            if self.complement[-1:] in ("去", "来") and len(self.complement) == 2
            else self.complement
        )


def split_potential(word: str) -> tuple[str, str] | None:
    """Return a single word's verb and complement (查不到: 查, 到), or None."""
    for size in range(min(LONGEST_COMPLEMENT, len(word) - 2), 0, -1):
        complement, marker, verb = word[-size:], word[-size - 1], word[: -size - 1]
        if complement in COMPLEMENTS and marker in MARKERS and verb and not verb.endswith(MARKERS):
            return verb, complement
    return None


def potential_forms(words: Sequence[str], is_verb) -> list[Potential]:
    """Return the potential forms among a query's words (index forms, stop words kept):
    a verb then 不 / 得 and a complement, as one word (查不到), two (找 / 不到, 充不 / 进去)
    or three (登 / 不 / 上去). `is_verb` tells whether a word may be the verb (a Chinese word that
    is no stop word, filler or idiom)."""
    found, i = [], 0
    while i < len(words):
        form = _form_at(words, i, is_verb)
        if form is None:
            i += 1
            continue
        found.append(form)
        i = form.end
    return found


def _form_at(words: Sequence[str], i: int, is_verb) -> Potential | None:
    word = words[i]
    if not is_verb(word):
        return None
    following = words[i + 1] if i + 1 < len(words) else ""
    if following in MARKERS and i + 2 < len(words) and words[i + 2] in COMPLEMENTS:
        return Potential(word, words[i + 2], i, i + 3, i + 1, following == "不")
    if len(following) >= 2 and following[0] in MARKERS and following[1:] in COMPLEMENTS:
        return Potential(word, following[1:], i, i + 2, i + 1, following[0] == "不")
    if (
        len(word) >= 2
        and word[-1] in MARKERS
        and following in COMPLEMENTS
        and is_verb(word[:-1])
        and word + following not in IDIOMS
    ):  # 充不 / 进去
        return Potential(word[:-1], following, i, i + 2, i, word[-1] == "不")
    if word not in IDIOMS and (split := split_potential(word)) and is_verb(split[0]):
        negative = word[len(split[0])] == "不"
        return Potential(split[0], split[1], i, i + 1, i, negative)
    return None
