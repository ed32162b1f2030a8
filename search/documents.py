"""What of each entry is searchable, by index field and language.

The index and the snippets read the same passages, so a highlighted word is always one
the index matched.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import threading
from collections.abc import Iterable, Iterator

from faq.kinds import kind_of
from faq.languages import stored_or_converted
from search.config import LANGUAGES


def passages(entry, lang: str) -> dict[str, list[str]]:
    """Return an entry's text in one language (no fallback), by index field."""
    memo = getattr(_read_once, "memo", None)
    if memo is not None and (entry, lang) in memo:
        return memo[(entry, lang)]
    found = {name: _present(texts) for name, texts in _passages(entry, lang).items()}
    if memo is not None:
        memo[(entry, lang)] = found
    return found


_read_once = threading.local()


@contextlib.contextmanager
def passages_read_once() -> Iterator[None]:
    """Within the block, read each entry's passages once per language, however many
    fields and digests ask (a document asks 33 times: every field and the fingerprint
    read every language's passages); the entries must not change meanwhile."""
    previous = getattr(_read_once, "memo", None)
    _read_once.memo = {}
    try:
        yield
    finally:
        _read_once.memo = previous


def aligned_lines(entry, lang: str, other: str, sections: Iterable[str]) -> list[tuple[str, str]]:
    """Return every line of an entry's sections in `lang` beside the same line in `other`
    ("" where one language has none): both languages share the structure (problems, steps,
    notes)."""
    mine, theirs = _passages(entry, lang, shown=True), _passages(entry, other, shown=True)
    pairs = []
    for name in sections:
        texts = mine[name]
        for text, other_text in itertools.zip_longest(texts, theirs[name], fillvalue=""):
            lines = itertools.zip_longest(text.splitlines(), other_text.splitlines(), fillvalue="")
            pairs.extend((a, b) for a, b in lines if a.strip() or b.strip())
    return pairs


def _passages(entry, lang: str, shown: bool = False) -> dict[str, list[str]]:
    """Return the entry's text by index section, read as its kind declares (faq/kinds.py):
    as stored in `lang`, or, `shown`, converted from its fallback where the language asks."""
    kind = kind_of(entry)
    if kind is None:
        raise TypeError(f"not a searchable entry: {entry!r}")
    return {
        section: [
            kind.plain_text.get(path, _same)(text)
            for path in paths
            for text in _read(entry, path, lang, shown)
        ]
        for section, paths in kind.sections().items()
    }


def _read(obj, path: str, lang: str, shown: bool) -> list[str]:
    """Return the texts a field path names: "answer", "category.name", "steps.body"."""
    name, _dot, rest = path.partition(".")
    if not rest:
        if shown:
            return [stored_or_converted(obj, name, lang)]
        return [getattr(obj, f"{name}_{LANGUAGES[lang]}") or ""]
    related = getattr(obj, name)
    children = related.all() if hasattr(related, "all") else [related] if related else []
    return [text for child in children for text in _read(child, rest, lang, shown)]


def _same(text: str) -> str:
    return text


def field_text(entry, field: str) -> str:
    """Return one index field's text: both languages, each passage on its own line."""
    return "\n".join(line for lang in LANGUAGES for line in passages(entry, lang)[field])


def _present(texts: list[str]) -> list[str]:
    return [text for text in texts if text.strip()]


def fingerprint(entry) -> str:
    """Return a short digest of an entry's searchable text per language, like
    "zh-hans:1f2e3d4c5b6a en:0a1b2c3d4e5f": an index whose document carries another
    digest for a language holds stale text in that language."""
    digests = []
    for lang in LANGUAGES:
        text = "\x1f".join("\x1e".join(lines) for lines in passages(entry, lang).values())
        digests.append(f"{lang}:{hashlib.sha1(text.encode()).hexdigest()[:12]}")
    return " ".join(digests)
