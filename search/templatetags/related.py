"""{% related_entries entry as related %}: for answer pages, which `faq` renders but which
only `search` can compute (faq never imports search)."""

from django import template
from django.utils.translation import get_language

from search import related

register = template.Library()


@register.simple_tag
def related_entries(entry, limit: int = 5) -> list:
    """Return up to `limit` entries related to this one, in the page's language."""
    return related.related_entries(entry, get_language(), limit=limit)
