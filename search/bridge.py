"""Words across the two languages: CC-CEDICT's English glosses of Chinese words.

Every entry is written in Chinese and in English, so a customer's word that one language's
text lacks may still find the entry through its translation in the other: 邮箱 (mailbox,
email) finds the e-mail channel, 资深 (senior) the escalation tip, "courteous" 有礼貌. The
dictionary is CC-CEDICT (CC BY-SA 4.0), extracted by `bin/build-lexicons` into
`search/lexicon/cedict.tsv` (each Chinese word of two characters or more with its first
short English glosses, most common sense first) and compiled into the lexicon tables with
the other resources (search/lexicon/__init__.py): seventy thousand words held as Python
objects would cost every worker ~15 MB, a look-up in the tables ~20 us.
"""

from __future__ import annotations

import functools

from search import lexicon
from search.analysis import is_chinese

# An English word leads to the Chinese words whose first glosses it is (not those that
# merely mention it further down), at most this many.
REVERSE_GLOSSES = 2
MAX_REVERSE = 6
# WordNet's detachment rules (morphy), for an inflected English word whose own form is no
# gloss: CC-CEDICT glosses "to charge" and "picture", never "charged" or "pictures". The
# longer ending first; a doubled consonant left behind is undone ("shipped", "shipp", ship).
INFLECTIONS = (
    ("ies", "y"),
    ("ied", "y"),
    ("es", "e"),
    ("es", ""),
    ("s", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
)
MIN_BASE_LETTERS = 3


@functools.lru_cache(maxsize=4096)
def english(word: str) -> tuple[str, ...]:
    """Return a Chinese word's English glosses ("log in", "enter"), most common first."""
    if not is_chinese(word):
        return ()
    glosses = lexicon.value("cedict", word)
    return tuple(glosses.split("|")) if glosses else ()


@functools.lru_cache(maxsize=4096)
def chinese(word: str) -> tuple[str, ...]:
    """Return the Chinese words whose first glosses are this English word, shortest first
    (有礼貌 for "courteous")."""
    rows = lexicon.lookup(
        "SELECT word FROM cedict_reverse WHERE gloss = ? ORDER BY length(word), word LIMIT ?",
        word.lower(),
        MAX_REVERSE,
    )
    return tuple(word for (word,) in rows)


def base_forms(word: str) -> list[str]:
    """Return the WordNet lemmas an inflected English word may be a form of ("charged":
    charge; "bought", irregular: buy), likeliest first; none for a word that is not English."""
    word = word.lower()
    if not (word.isascii() and word.isalpha()):
        return []
    found = (lexicon.value("english_forms", word) or "").split()
    for ending, base in INFLECTIONS:
        stem = word[: -len(ending)] + base if word.endswith(ending) else ""
        if base == "" and len(stem) > 1 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
            found.append(stem[:-1])  # "shipped": ship ("calls" keeps its double l)
        found.append(stem)
    candidates = [w for w in dict.fromkeys(found) if len(w) >= MIN_BASE_LETTERS]
    known = lexicon.StoredSet("english_words").among(candidates)
    return [w for w in candidates if w in known]


def reverse_rows(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return (gloss, word) for each one-word gloss among a word's first REVERSE_GLOSSES:
    the rows of the cedict_reverse table, from the (word, glosses) rows of cedict.tsv."""
    return sorted(
        {
            (gloss, word)
            for word, glosses in rows
            for gloss in glosses.split("|")[:REVERSE_GLOSSES]
            if " " not in gloss
        }
    )
