"""Render an editor's plain text: blank-line paragraphs, and lines starting '- ' as a list."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BULLET = "- "


@register.filter
def paragraphs(text: str) -> SafeString:
    """Return the text as escaped HTML paragraphs and bullet lists."""
    blocks = []
    for block in _blocks(text or ""):
        if block[0].startswith(BULLET):
            items = ((line.removeprefix(BULLET).strip(),) for line in block)
            blocks.append(format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items)))
        else:
            lines = format_html_join(mark_safe("<br>"), "{}", ((line,) for line in block))
            blocks.append(format_html("<p>{}</p>", lines))
    return mark_safe("".join(blocks))


def _blocks(text: str) -> list[list[str]]:
    """Split text into runs of lines: paragraphs break on blank lines, lists on bullet changes."""
    blocks: list[list[str]] = []
    previous_kind = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            previous_kind = None
            continue
        kind = line.startswith(BULLET)
        if kind != previous_kind:
            blocks.append([])
        blocks[-1].append(line)
        previous_kind = kind
    return blocks
