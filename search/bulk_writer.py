"""The rebuild's writer: Whoosh's SegmentWriter, with postings kept by field and term.

Whoosh's writer turns every word of every document into a Token, gathers positions from
the Tokens (`Positions.word_values`), puts each posting in a pool as a tuple, sorts the
2.8 million tuples of 10,023 entries at commit, and checks each one's order again while
writing it (`FieldWriter.add_postings`). This writer asks our analyzers for each term's
positions at once (`term_positions`), files each posting under its field and term, which
documents reach in order, and sorts only the terms. It writes the same postings in the
same order through the same codec, so the segment's files are byte for byte Whoosh's
(tests/search/test_bulk_writer.py); docs/performance.md measures what it saves.

Only for a writer that starts a segment from documents: merging segments (`add_reader`)
and per-document boosts or stored values (`_boost`, `_stored_<field>`) go Whoosh's way.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterator

from whoosh.formats import Positions
from whoosh.writing import SegmentWriter


class TermPostings:
    """One term's postings in a field, in the order documents came: their numbers,
    weights and value bytes side by side (no tuple per posting)."""

    __slots__ = ("docnums", "values", "weights")

    def __init__(self):
        self.docnums = array("I")
        self.weights = array("d")  # a Python float's exact value
        self.values: list[bytes] = []

    def add(self, docnum: int, weight: float, vbytes: bytes) -> None:
        self.docnums.append(docnum)
        self.weights.append(weight)
        self.values.append(vbytes)


class PostingsByTerm:
    """A writer's postings by field and term (Whoosh's pool sorts every posting; documents
    come in order, so only the terms need sorting)."""

    def __init__(self):
        self.fields: dict[str, defaultdict[bytes, TermPostings]] = {}

    def terms(self, fieldname: str) -> defaultdict[bytes, TermPostings]:
        """Return one field's postings by term."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = defaultdict(TermPostings)
        return terms

    def add(self, item: tuple) -> None:
        """Add one posting as Whoosh's pool takes it: (field, term bytes, docnum, weight,
        value bytes)."""
        fieldname, btext, docnum, weight, vbytes = item
        self.terms(fieldname)[btext].add(docnum, weight, vbytes)

    def iter_postings(self) -> Iterator[tuple]:
        """Yield every posting in Whoosh's pool order: by field, term, then document."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for btext in sorted(terms):
                postings = terms[btext]
                columns = postings.docnums, postings.weights, postings.values
                for posting in zip(*columns, strict=True):
                    yield fieldname, btext, *posting

    def cleanup(self) -> None:
        self.fields.clear()


class RebuildWriter(SegmentWriter):
    """Whoosh's SegmentWriter for a new segment of new documents, indexing each field's
    terms in bulk (see the module's docstring)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = PostingsByTerm()
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"{name}: term vectors and spelling words are Whoosh's to write")

    def add_document(self, **fields) -> None:
        if any(name.startswith("_") for name in fields):
            super().add_document(**fields)  # boosts and custom stored values
            return
        self._check_state()
        self._check_fields(self.schema, fields)
        perdoc = self.perdocwriter
        perdoc.start_doc(self.docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            length = self._index_field(name, field, value) if field.indexed else 0
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _index_field(self, name: str, field, value) -> int:
        """File one field's postings of the current document; return the field's length."""
        terms, docnum, length = self.pool.terms(name), self.docnum, 0
        for btext, frequency, weight, vbytes in field_postings(field, value):
            length += frequency
            terms[btext].add(docnum, weight, vbytes)
        return length if field.scorable else 0

    def _flush_segment(self) -> None:
        if self.codec.length_stats:
            super()._flush_segment()  # it reads each posting's document length back
            return
        self.perdocwriter.close()
        write_postings(self.fieldwriter, self.schema, self.pool)
        self.fieldwriter.close()


def field_postings(field, value) -> Iterator[tuple[bytes, int, float, bytes]]:
    """Yield what Whoosh's `field.index(value)` yields, (term bytes, frequency, weight,
    value bytes) per term, from the analyzer's `term_positions` where it has one."""
    positions = getattr(field.analyzer, "term_positions", None)
    if positions is None or type(field.format) is not Positions or not isinstance(value, str):
        yield from field.index(value)
        return
    found, boost, encode = positions(value), field.format.field_boost, field.format.encode
    weights = found.weights
    for text, poslist in found.positions.items():
        yield text.encode("utf-8"), len(poslist), weights[text] * boost, encode(poslist)


def write_postings(fieldwriter, schema, pool: PostingsByTerm) -> None:
    """Write a pool's postings through a codec's field writer, as Whoosh's
    `FieldWriter.add_postings` does with a length of 0 (no length statistics)."""
    for fieldname in sorted(pool.fields):
        terms = pool.fields[fieldname]
        fieldwriter.start_field(fieldname, schema[fieldname])
        for btext in sorted(terms):
            fieldwriter.start_term(btext)
            write_blocks(fieldwriter._postwriter, terms[btext])
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def write_blocks(postwriter, postings: TermPostings) -> None:
    """Hand a term's postings to Whoosh's W3PostingsWriter a block at a time, as its
    `add_posting` fills them one posting at a time: every full block but the last is
    written here, the last by `finish_postings`. Whoosh's own code pickles, compresses
    and records each block; only how the block's buffers fill is ours."""
    size = postwriter._blocklimit
    docnums, weights, values = postings.docnums, postings.weights, postings.values
    for start in range(0, len(docnums), size):
        if start:
            postwriter._write_block()
        block = weights[start : start + size]
        postwriter._ids = docnums[start : start + size]
        postwriter._weights = array("f", block)
        postwriter._values = [vbytes for vbytes in values[start : start + size] if vbytes]
        postwriter._maxweight = max(0, max(block))
