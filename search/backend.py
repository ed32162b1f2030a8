"""haystack's Whoosh backend, with a schema that stores and indexes only what search uses.

haystack makes every CharField a stored, sortable TEXT field and gives the document field
a spelling word graph. Our searcher reads titles and text from the database, so the text
fields need neither storage nor sort columns; on 10,000 entries that made the index
several times larger and the rebuild several times slower (docs/performance.md).
"""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from whoosh.fields import STORED, TEXT


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

    def clear(self, models=None, commit=True):
        """Empty the index by switching to an empty build (see search/indexing.py).

        haystack deletes the index directory instead, which fails on the symbolic link
        that points at the live build.
        """
        if models:
            return super().clear(models, commit)
        from search.indexing import rebuild  # indexing imports this module's connections

        rebuild(empty=True)
        self.setup_complete = False


class BilingualWhooshEngine(WhooshEngine):
    backend = BilingualWhooshBackend
