"""What of each entry is searchable, by index field and language.

The index and the snippets read the same passages, so a highlighted word is always one
the index matched.
"""

from __future__ import annotations

import hashlib
import itertools

from faq.models import Channel, Issue, Section, Tip
from search.config import LANGUAGES


def passages(entry, lang: str) -> dict[str, list[str]]:
    """Return an entry's text in one language (no fallback), by index field."""
    return {name: _present(texts) for name, texts in _passages(entry, lang).items()}


def aligned_lines(entry, lang: str, other: str) -> list[tuple[str, str]]:
    """Return every line of an entry in `lang` beside the same line in `other` ("" where one
    language has none): both languages share the structure (problems, steps, notes)."""
    mine, theirs = _passages(entry, lang), _passages(entry, other)
    pairs = []
    for name, texts in mine.items():
        for text, other_text in itertools.zip_longest(texts, theirs[name], fillvalue=""):
            lines = itertools.zip_longest(text.splitlines(), other_text.splitlines(), fillvalue="")
            pairs.extend((a, b) for a, b in lines if a.strip() or b.strip())
    return pairs


def _passages(entry, lang: str) -> dict[str, list[str]]:
    suffix = LANGUAGES[lang]

    def field(obj, name: str) -> str:
        return getattr(obj, f"{name}_{suffix}") or ""

    if isinstance(entry, Channel):
        steps = list(entry.steps.all())
        title = [field(entry, "name"), field(entry, "title")]
        summary = [field(entry, "when_to_use"), *(field(step, "title") for step in steps)]
        text = [
            field(entry, "intro"),
            field(entry, "response_time"),
            *(field(step, "body") for step in steps),
            *(field(note, "text") for note in entry.notes.all()),
        ]
    elif isinstance(entry, Issue):
        title = [field(entry, "title")]
        summary = [field(entry, "problems"), field(entry, "prepare")]
        text = [field(entry, "solution")]
    elif isinstance(entry, Section | Tip):
        title = [field(entry, "title")]
        summary = []
        text = [field(entry, "body")]
    else:
        raise TypeError(f"not a searchable entry: {entry!r}")
    return {"title": title, "summary": summary, "text": text}


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
