"""Related entries: what the index finds for an entry's own words, the entry left out."""

from __future__ import annotations

from search.services import SearchHit, faq_search

# The title and the start of the summary say what an entry is about; the whole text would
# make a slow query that matches everything a little.
QUERY_CHARS = 80


def related_entries(entry, lang: str, limit: int = 5) -> list[SearchHit]:
    """Return up to `limit` other published entries sharing the most weighted words with
    this one, shown in `lang`."""
    hits = faq_search(query=related_query(entry), lang=lang, limit=limit + 1, record=False).hits
    others = [hit for hit in hits if not is_same_entry(hit.entry, entry)]
    return others[:limit]


def related_query(entry) -> str:
    """Return the words of the entry's title and summary, as a query without phrases."""
    text = f"{entry} {entry.summary()}".replace('"', " ")
    return " ".join(text[:QUERY_CHARS].split())


def is_same_entry(one, other) -> bool:
    return type(one) is type(other) and one.pk == other.pk
