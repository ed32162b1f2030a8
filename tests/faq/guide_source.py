"""Read the source guide (fixtures/source/guide.zh-hans.txt) into its parts, for comparison."""

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

GUIDE_PATH = Path(settings.BASE_DIR) / "fixtures" / "source" / "guide.zh-hans.txt"
CHANNEL_CHAPTERS = {
    "二": "live-chat",
    "三": "phone",
    "四": "email",
    "五": "help-center",
    "六": "forums",
}

HEADING = re.compile(r"^(?:## )?([一二三四五六七八九])、")
STEP = re.compile(r"^\d+\. \*\*(.+?):\*\*\s*(.*)$")
BULLET = re.compile(r"^\* (?:\*\*(.+?):\*\*)?\s*(.*)$")
NOTES_HEADING = "**注意事项:**"


@dataclass
class ChannelChapter:
    intro: str = ""
    steps: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def normalize(text: str) -> str:
    """Drop whitespace and the guide's markdown marks, which the fixtures do not keep, and
    read punctuation regardless of width: the fixtures write Chinese punctuation full-width
    (faq/typography.py), the source half-width."""
    return re.sub(r"[\s*`\-]", "", unicodedata.normalize("NFKC", text))


def chapters() -> dict[str, list[str]]:
    """Return the guide's lines per chapter numeral; '' holds the opening, 'title' the title."""
    lines = GUIDE_PATH.read_text(encoding="utf-8").splitlines()
    parts: dict[str, list[str]] = {"title": [lines[0]], "": []}
    current = ""
    for line in lines[1:]:
        if match := HEADING.match(line):
            current = match.group(1)
            parts[current] = [line[match.end() :]]
            continue
        parts[current].append(line)
    return parts


def channel_chapter(lines: list[str]) -> ChannelChapter:
    """Return a channel chapter's intro, steps (with continuation lines) and notes."""
    chapter = ChannelChapter(intro=lines[1])
    in_notes = False
    for line in lines[2:]:
        if line.strip() == NOTES_HEADING:
            in_notes = True
        elif in_notes:
            chapter.notes.append(BULLET.match(line).group(2))
        elif match := STEP.match(line):
            chapter.steps.append((match.group(1), match.group(2)))
        else:
            title, body = chapter.steps[-1]
            chapter.steps[-1] = (title, body + line)
    return chapter


def labelled_bullets(lines: list[str]) -> list[tuple[str, str]]:
    """Return the (bold label, text) of every bullet line."""
    return [(m.group(1) or "", m.group(2)) for line in lines if (m := BULLET.match(line))]


def issues() -> list[dict]:
    """Return the guide's common issues: title, problems text and solution, in order."""
    found: list[dict] = []
    for label, text in labelled_bullets(chapters()["七"]):
        if label == "问题":
            found[-1]["problems"] = text
        elif label == "解决方法":
            found[-1]["solution"] = text
        else:
            found.append({"title": label})
    return found


def tips() -> list[tuple[str, str]]:
    """Return the guide's tips as (title, text), in order."""
    return labelled_bullets(chapters()["八"])
