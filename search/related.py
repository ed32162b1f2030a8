"""Related entries: what the index finds for an entry's own words, the entry left out."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import override

from search.services import faq_search

# A search wants every word first and falls back to any word only when nothing has them
# all, so the entry's whole text would find the entry alone. Ask with its words from the
# most to the least specific instead, and keep the first `limit` others found.
MAX_QUERIES = 6
QUERY_CHARS = 80
PARTS = re.compile(r"[·,，、。;；\n]+")


def related_entries(entry, lang: str, limit: int = 5) -> list:
    """Return up to `limit` other published entries sharing the most weighted words with
    this one (its title and summary), shown in `lang`.

    The words are the default language's, whatever the page's: an entry is related to the
    same entries in every language (each translation words it a little differently, and
    the English returns page listed "Come prepared" where the Chinese one listed 升级问题)."""
    found: dict[tuple[str, str], object] = {}  # search hits by kind and slug
    with override(settings.LANGUAGE_CODE):
        queries = related_queries(entry)
    for query in queries:
        hits = faq_search(query=query, lang=lang, limit=limit + 1, record=False).hits
        for hit in hits:
            if not is_same_entry(hit.entry, entry):
                found.setdefault((hit.kind, hit.slug), hit)
        if len(found) >= limit:
            break
    return list(found.values())[:limit]


def related_queries(entry) -> list[str]:
    """Return queries from the entry's words: title and summary, the title, each part of
    the summary, then the title's longest words alone."""
    title, summary = str(entry), entry.summary()
    words = sorted(re.findall(r"\w{4,}", title), key=len, reverse=True)
    queries = [f"{title} {summary}", title, *PARTS.split(summary)[:2], *words]
    cleaned = (" ".join(query.replace('"', " ")[:QUERY_CHARS].split()) for query in queries)
    return list(dict.fromkeys(query for query in cleaned if query))[:MAX_QUERIES]


def is_same_entry(one, other) -> bool:
    return type(one) is type(other) and one.pk == other.pk
