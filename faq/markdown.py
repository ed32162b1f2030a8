"""Answers written in Markdown: rendered to HTML, then sanitised, never trusted as HTML.

markdown-it-py renders CommonMark with raw HTML off; nh3 (Ammonia) then keeps only the tags
and attributes an answer needs, and links only to http(s) and mail addresses, so that an
editor's text (or an attacker's, through an editor's account) can never run a script.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "a"}
TAGS |= {"h3", "h4", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
TAG = re.compile(r"<[^>]+>")


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> SafeString:
    """Return the Markdown text as sanitised HTML."""
    rendered = _renderer.render(text or "")
    clean = nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
    )
    return mark_safe(clean)


@lru_cache(maxsize=2048)
def markdown_text(text: str) -> str:
    """Return the Markdown text as plain lines, for the index and snippets."""
    rendered = _renderer.render(text or "")
    lines = (html.unescape(TAG.sub("", line)).strip() for line in rendered.splitlines())
    return "\n".join(line for line in lines if line)
