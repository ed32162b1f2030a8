"""Render an editor's plain text: blank-line paragraphs, lines starting '- ' as a list, and
web addresses as links."""

import re

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from faq.markdown import render_markdown
from faq.models import BULLET

register = template.Library()

# An http(s) address in ASCII: it ends at a space or at Chinese text and punctuation
# ("…display.html。"), without the sentence's own closing punctuation.
WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%()]+")
CLOSING_PUNCTUATION = ".,;:!?)]'"


@register.filter
def paragraphs(text: str) -> SafeString:
    """Return the text as escaped HTML paragraphs and bullet lists."""
    blocks = []
    for block in _blocks(text or ""):
        if block[0].startswith(BULLET):
            items = ((linked(line.removeprefix(BULLET).strip()),) for line in block)
            blocks.append(format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items)))
        else:
            lines = format_html_join(mark_safe("<br>"), "{}", ((linked(line),) for line in block))
            blocks.append(format_html("<p>{}</p>", lines))
    return mark_safe("".join(blocks))


@register.filter
def linked(text: str) -> SafeString:
    """Return the text escaped, with each http(s) address a link to itself."""
    parts, end = [], 0
    for match in WEB_ADDRESS.finditer(text):
        address = match.group(0).rstrip(CLOSING_PUNCTUATION)
        parts.append(escape(text[end : match.start()]))
        parts.append(format_html('<a href="{}" rel="nofollow noopener">{}</a>', address, address))
        end = match.start() + len(address)
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts))


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


@register.filter
def markdown(text: str) -> SafeString:
    """Return an editor's Markdown as sanitised HTML (faq/markdown.py)."""
    return render_markdown(text or "")
