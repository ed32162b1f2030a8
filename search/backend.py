"""haystack's Whoosh backend, answering and writing the way the rest of the engine does.

- Schema: haystack makes every CharField a stored, sortable TEXT field and gives the
  document field a spelling word graph. Our searcher reads titles and text from the
  database, so the text fields need neither storage nor sort columns; on 10,000 entries
  that made the index several times larger and the rebuild several times slower
  (docs/performance.md).
- Search: `SearchQuerySet().auto_query(q)` (and haystack's SearchView, which calls it)
  runs `faq_search`, so a developer who knows haystack gets the same entries in the same
  order as the search page and the API.
- Writes: `update_index` and `remove` write entries the way the change log does (under
  the writer lock, with their fingerprints), so check_index stays clean; `clear_index`
  refuses while published entries exist, since an empty index would not match them.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from haystack.backends import SearchNode
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID
from haystack.inputs import BaseInput
from haystack.models import SearchResult
from haystack.query import SQ
from haystack.utils import get_identifier
from whoosh.fields import STORED, TEXT

from search.config import KIND_OF_CONTENT_TYPE, LANGUAGES

# The field names haystack gives free text: auto_query() and filter(content=...).
CONTENT_FIELDS = {"content", "text"}
CONTENT_FILTERS = {"content", "contains", "exact"}


class UnsupportedQuery(ValueError):
    """A haystack query this engine cannot answer the way its search page would."""


class IndexWouldDrift(RuntimeError):
    """A write that would leave the index different from the published entries."""


class BilingualWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            name = field.index_fieldname
            if isinstance(schema[name], TEXT) and not field.stored:
                schema.remove(name)
                schema.add(
                    name,
                    TEXT(
                        analyzer=field.analyzer,
                        field_boost=field.boost,
                        stored=False,
                        phrase=getattr(field, "phrase", True),
                    ),
                )
        # What each document was built from, compared by check_index (search/documents.py).
        schema.add("fingerprint", STORED())
        return content_field_name, schema

    def search(self, query_string, start_offset=0, end_offset=None, models=None, **kwargs):
        """Answer with `faq_search`: the same entries, in the same order."""
        from search.services import faq_search  # services imports this app's models

        limit = (end_offset if end_offset is not None else start_offset + 10) - start_offset
        if query_string == "*" or limit <= 0:
            return {"results": [], "hits": 0}
        results = faq_search(
            query=query_string,
            lang=_language(),
            kind=_kind_of(models),
            limit=limit,
            offset=start_offset,
            record=False,
        )
        result_class = kwargs.get("result_class") or SearchResult
        return {
            "results": [_result(result_class, hit) for hit in results.hits],
            "hits": results.total,
            "spelling_suggestion": results.suggestion,
        }

    def update(self, index, iterable, commit=True):
        """Write these entries as they are in the database now, as the change log would."""
        from search import indexing  # indexing imports haystack's connections

        keys = [(entry._meta.label_lower, entry.pk) for entry in iterable]
        if keys:
            with indexing.writer_lock():
                indexing.write_entries(indexing.live_path().resolve(), keys)

    def remove(self, obj_or_string, commit=True):
        """Bring one entry up to date: removed if unpublished, written again if not."""
        label, pk = get_identifier(obj_or_string).rsplit(".", 1)
        from search import indexing

        with indexing.writer_lock():
            indexing.write_entries(indexing.live_path().resolve(), [(label, int(pk))])

    def clear(self, models=None, commit=True):
        """Empty the index, only when no published entry would be left out of it."""
        from search import indexing
        from search.consistency import expected_fingerprints

        published = len(expected_fingerprints(models))
        if published:
            raise IndexWouldDrift(
                f"Clearing the index would leave {published} published entries out of "
                "search: the index follows the database. To build it again from the "
                "database, run `manage.py rebuild_index --noinput`."
            )
        indexing.rebuild(empty=True)


def _language() -> str:
    language = translation.get_language()
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def _kind_of(models) -> str | None:
    """Return the one kind haystack's `.models()` narrowed to, or None for every kind."""
    kinds = {KIND_OF_CONTENT_TYPE[model._meta.label_lower] for model in models or ()}
    if len(kinds) > 1 and kinds != set(KIND_OF_CONTENT_TYPE.values()):
        raise UnsupportedQuery("Search one kind of entry at a time, or every kind.")
    return kinds.pop() if len(kinds) == 1 else None


def _result(result_class, hit) -> SearchResult:
    opts = hit.entry._meta
    fields = {"kind": hit.kind, "title": hit.title, "url": hit.url, "snippet": str(hit.snippet)}
    fields.update({DJANGO_CT: opts.label_lower, DJANGO_ID: str(hit.entry.pk)})
    return result_class(opts.app_label, opts.model_name, hit.entry.pk, hit.score, **fields)


class BilingualSearchQuery(WhooshSearchQuery):
    """Pass the customer's own text to the backend, not a Whoosh query string."""

    def build_query(self) -> str:
        return _user_text(self.query_filter) or "*"


def _user_text(node: SearchNode) -> str:
    """Return the text of a tree of free-text filters joined by AND, or refuse the tree."""
    if node.negated or (node.connector != SQ.AND and len(node.children) > 1):
        raise UnsupportedQuery("Only free text is searched: no OR, no exclusions.")
    parts = []
    for child in node.children:
        if isinstance(child, SearchNode):
            parts.append(_user_text(child))
            continue
        expression, value = child
        field, filter_type = node.split_expression(expression)
        if field not in CONTENT_FIELDS or filter_type not in CONTENT_FILTERS:
            raise UnsupportedQuery(
                f"Only free text is searched (auto_query, filter(content=…)), not {expression}."
            )
        text = value.query_string if isinstance(value, BaseInput) else str(value)
        parts.append(f'"{text}"' if filter_type == "exact" else text)
    return " ".join(part for part in parts if part.strip())


class BilingualWhooshEngine(WhooshEngine):
    backend = BilingualWhooshBackend
    query = BilingualSearchQuery
