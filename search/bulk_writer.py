"""The rebuild's writer: Whoosh's SegmentWriter, with postings kept by field and term.

Whoosh's writer turns every word of every document into a Token, gathers positions from
the Tokens (`Positions.word_values`), puts each posting in a pool as a tuple, sorts the
2.8 million tuples of 10,023 entries at commit, and checks each one's order again while
writing it (`FieldWriter.add_postings`). This writer asks our analyzers for each term's
positions at once (`term_positions`), files each posting under its field and term, which
documents reach in order, and sorts only the terms. It writes the same postings in the
same order through the same codec, so the segment's files are byte for byte Whoosh's
(tests/search/test_bulk_writer.py); docs/performance.md measures what it saves.

With workers (`add_documents`), other processes analyse and file batches of documents
while this one reads the next and writes each document's own values: a second core then
halves the part of a rebuild before the commit.

Only for a writer that starts a segment from documents: merging segments (`add_reader`)
and per-document boosts or stored values (`_boost`, `_stored_<field>`) go Whoosh's way.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import threading
import time
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from whoosh.formats import Positions
from whoosh.writing import SegmentWriter

from search.analysis import keep_token_forms

# Documents a worker process analyses at a time; a rebuild of fewer stays in one process.
WORKER_BATCH = 500


class TermPostings:
    """One term's postings in a field, in the order documents came: their numbers,
    weights and value bytes side by side (no tuple per posting).

    Each posting's value must be a bytes object of its own, as Whoosh's are: one shared
    by two postings of a block is pickled once and referred to the second time, and the
    block's bytes differ (a cache of encoded positions did that)."""

    __slots__ = ("docnums", "values", "weights")

    def __init__(self):
        self.docnums = array("I")
        self.weights = array("d")  # a Python float's exact value
        self.values: list[bytes] = []

    def add(self, docnum: int, weight: float, vbytes: bytes) -> None:
        self.docnums.append(docnum)
        self.weights.append(weight)
        self.values.append(vbytes)

    def extend(self, later: TermPostings) -> None:
        """Append the postings of later documents."""
        self.docnums.extend(later.docnums)
        self.weights.extend(later.weights)
        self.values.extend(later.values)


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
        self._write_document(fields, file_document(self.pool, self.schema, self.docnum, fields))

    def add_documents(self, documents: Iterable[dict], *, workers: int = 0) -> int:
        """Add documents in order, their fields analysed by `workers` other processes
        when there are a batch of them or more (else in this one); return how many.

        This process keeps what only it can do (reading the documents, per-document
        values, writing the segment); each worker files a batch's postings by term,
        numbered as they will be here, and this process appends them to its own.
        """
        self._check_state()
        batches = _batches(iter(documents), WORKER_BATCH)
        first = next(batches, [])
        if workers < 1 or len(first) < WORKER_BATCH:
            for document in itertools.chain(first, itertools.chain.from_iterable(batches)):
                self.add_document(**document)
            return self.doc_count()
        spawn = multiprocessing.get_context("spawn")  # no fork of a process with threads
        started = (self.schema, os.getpid())
        with ProcessPoolExecutor(workers, spawn, _start_worker, started) as executor:
            pending, queued = collections.deque(), self.docnum
            for batch in itertools.chain([first], batches):
                indexed = [self._indexed_values(document) for document in batch]
                pending.append((batch, executor.submit(file_batch, queued, indexed)))
                queued += len(batch)
                while len(pending) > 2 * workers:
                    self._add_filed(*pending.popleft())
            while pending:
                self._add_filed(*pending.popleft())
        return self.doc_count()

    def _indexed_values(self, document: dict) -> dict:
        self._check_fields(self.schema, document)
        if any(name.startswith("_") for name in document):
            raise ValueError("boosts and custom stored values are Whoosh's to write")
        return {name: value for name, value in document.items() if self.schema[name].indexed}

    def _add_filed(self, documents: list[dict], filed: Future) -> None:
        """Add a batch of documents whose postings a worker filed."""
        lengths, fields = filed.result()
        for name, terms in fields.items():
            mine = self.pool.terms(name)
            for btext, postings in terms.items():
                mine[btext].extend(postings)
        for document, found in zip(documents, lengths, strict=True):
            self._write_document(document, found)

    def _write_document(self, fields: dict, lengths: dict[str, int]) -> None:
        """Write a document's per-document values (stored fields, lengths, columns) as
        Whoosh's add_document does; its postings are filed already."""
        perdoc = self.perdocwriter
        perdoc.start_doc(self.docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            perdoc.add_field(name, field, value if field.stored else None, lengths.get(name, 0))
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        if self.codec.length_stats:
            super()._flush_segment()  # it reads each posting's document length back
            return
        self.perdocwriter.close()
        write_postings(self.fieldwriter, self.schema, self.pool)
        self.fieldwriter.close()


def file_document(pool: PostingsByTerm, schema, docnum: int, fields: dict) -> dict[str, int]:
    """File a document's postings in a pool; return each indexed field's length."""
    lengths = {}
    for name, value in fields.items():
        field = schema[name]
        if value is not None and field.indexed:
            terms, length = pool.terms(name), 0
            for btext, frequency, weight, vbytes in field_postings(field, value):
                length += frequency
                terms[btext].add(docnum, weight, vbytes)
            lengths[name] = length if field.scorable else 0
    return lengths


_worker_schema = None
# How often a worker looks whether the process it works for is still there.
PARENT_CHECK_SECONDS = 0.5


def _start_worker(schema, parent: int) -> None:
    global _worker_schema
    _worker_schema = schema
    keep_token_forms()  # the worker lives as long as the rebuild
    threading.Thread(target=_exit_without, args=(parent,), daemon=True).start()


def _exit_without(parent: int) -> None:
    """Exit once the rebuilding process is gone: one killed halfway (tests/search/
    test_rebuild_crash.py) cannot tell its workers, who would wait for work forever."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def file_batch(first: int, documents: list[dict]) -> tuple[list[dict], dict]:
    """In a worker: file a batch's postings, numbered from `first`; return each
    document's field lengths and the postings by field and term."""
    pool = PostingsByTerm()
    lengths = [
        file_document(pool, _worker_schema, docnum, fields)
        for docnum, fields in enumerate(documents, first)
    ]
    return lengths, pool.fields


def _batches(documents: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while batch := list(itertools.islice(documents, size)):
        yield batch


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
