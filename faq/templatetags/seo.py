"""JSON-LD data blocks: schema.org data serialised with json.dumps, never hand-written."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from faq import languages, seo

register = template.Library()

# What json_script escapes, so that no text in the data can close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """Return the data as a <script type="application/ld+json"> block.

    A data block, not a script: the browser never runs it, so the Content-Security-Policy
    needs no inline-script exception for it.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context) -> SafeString:
    """Return the page's BreadcrumbList (Home alone where a page sets no trail)."""
    trail = context.get("breadcrumbs") or seo.breadcrumbs()
    return json_ld(seo.breadcrumb_list(context["request"], trail))


@register.filter
def hreflang(code: str) -> str:
    """Return a language code as BCP 47 writes it ("zh-hans" → "zh-Hans")."""
    return languages.hreflang(code)


@register.filter
def og_locale(code: str) -> str:
    """Return the OpenGraph locale of a language ("zh-hans" → "zh_CN")."""
    return languages.og_locale(code)
