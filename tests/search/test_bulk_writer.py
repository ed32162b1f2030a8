"""The rebuild's writer writes what Whoosh's own writer writes (search/bulk_writer.py)."""

import pickle
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from haystack import connections
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.formats import Positions

from search import bulk_writer, indexing
from search.analysis import BigramAnalyzer, BilingualAnalyzer, Sections
from search.bulk_writer import RebuildWriter
from search.documents import passages_read_once
from tests.waiting import wait_until

TEXTS = [
    "",
    "   ",
    "退款 refund 退款",
    "礼品卡余额不足，礼品卡不能退款。Gift cards can't be refunded; gift-card balance 24-48 h.",
    "退貨被拒絕 禮品卡 帳號",
    "e-mail E-Mail EMAIL the a an 的 了",
    "QQ钱包提现到银行卡 2024-01-01 ABC123 ①②",
    "重复重复重复 重复",
]


def guide_documents() -> tuple[Schema, list[dict]]:
    """Return the index's schema and every document of the shipped guide, as a rebuild
    builds them."""
    backend = connections["default"].get_backend()
    unified = connections["default"].get_unified_index()
    _content, schema = backend.build_schema(unified.all_searchfields())
    documents = []
    for model in unified.get_indexed_models():
        search_index = unified.get_index(model)
        for entry in search_index.index_queryset():
            with passages_read_once():
                documents.append(indexing.document(search_index, entry))
    return schema, documents


def edge_documents() -> list[dict]:
    """Documents of odd texts: empty sections, repeated words, Traditional Chinese, stop
    words only, punctuation inside words."""
    return [
        {
            "id": f"faq.issue.{n}",
            "django_ct": "faq.issue",
            "django_id": str(n),
            "text": Sections([(3.0, TEXTS[n % len(TEXTS)]), (1.5, ""), (1.0, text)]),
            "title": text,
            "bigrams": Sections([(3.0, text), (1.0, TEXTS[(n + 3) % len(TEXTS)])]),
            "spelling": text,
            "fingerprint": f"zh-hans:{n:012x}",
        }
        for n, text in enumerate(TEXTS * 3)
    ]


def write(schema: Schema, documents: list[dict], writer_class, codec) -> dict[str, bytes]:
    """Write the documents into a new index in memory; return its segment's files by kind."""
    storage = RamStorage()
    index = whoosh_index.FileIndex.create(storage, schema, "MAIN")
    writer = (writer_class or whoosh_index.FileIndex.writer)(index, codec=codec)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    return segment_files(index, storage)


def segment_files(index, storage) -> dict[str, bytes]:
    """Return the files of an index's one segment by kind (its name aside)."""
    (segment,) = index._segments()
    files = segment.open_compound_file(storage) if segment.is_compound() else storage
    return {
        name.replace(segment.segment_id(), ""): files.open_file(name).read()
        for name in files.list()
    }


@pytest.mark.parametrize("length_stats", [False, True])
def test_the_rebuild_writer_writes_whooshs_segment_byte_for_byte(guide, length_stats):
    schema, documents = guide_documents()
    documents += edge_documents()

    def codec():
        codec = W3Codec()
        codec.length_stats = length_stats
        return codec

    ours = write(schema, documents, RebuildWriter, codec())
    whooshs = write(schema, documents, None, codec())
    assert sorted(ours) == sorted(whooshs)
    for name in ours:
        assert ours[name] == whooshs[name], name


def test_what_it_writes_reads_back_through_whooshs_reader(guide):
    schema, documents = guide_documents()
    documents += edge_documents()
    indexes = []
    for writer_class in (RebuildWriter, None):
        index = whoosh_index.FileIndex.create(RamStorage(), schema, "MAIN")
        writer = (writer_class or whoosh_index.FileIndex.writer)(index)
        for document in documents:
            writer.add_document(**document)
        writer.commit()
        indexes.append(index)
    ours, whooshs = (postings(index) for index in indexes)
    assert ours == whooshs
    assert len(ours["bigrams"]) > 100 and len(ours["text"]) > 100


def postings(index) -> dict[str, dict]:
    """Return every term's postings by field: document, weight, positions or value."""
    found = defaultdict(dict)
    with index.searcher() as searcher:
        reader = searcher.reader()
        for fieldname, btext in reader.all_terms():
            matcher = reader.postings(fieldname, btext)
            rows = []
            while matcher.is_active():
                rows.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found[fieldname][btext] = rows
        found["lengths"] = {
            (n, name): reader.doc_field_length(n, name)
            for n in range(reader.doc_count_all())
            for name in ("text", "title", "bigrams", "spelling")
        }
        found["stored"] = list(reader.all_stored_fields())
    return found


@pytest.mark.parametrize("analyzer", [BilingualAnalyzer(), BigramAnalyzer()])
@pytest.mark.parametrize("text", TEXTS)
def test_term_positions_are_what_whooshs_positions_format_gathers(analyzer, text):
    value = Sections([(3.0, text), (1.5, ""), (1.0, text + " " + TEXTS[3]), (1.2, text)])
    expected = list(Positions().word_values(value, analyzer, mode="index"))
    found = analyzer.term_positions(value)
    assert [
        (word, len(poses), found.weights[word], Positions().encode(poses))
        for word, poses in found.positions.items()
    ] == expected


def test_documents_with_boosts_go_whooshs_way():
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=BilingualAnalyzer()), note=STORED())
    documents = [
        {"id": "a", "body": "退款 refund", "note": "x", "_boost": 2.0},
        {"id": "b", "body": "礼品卡", "_stored_body": "shown", "_body_boost": 3.0},
    ]
    assert write(schema, documents, RebuildWriter, W3Codec()) == write(
        schema, documents, None, W3Codec()
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_postings_filed_by_worker_processes_make_the_same_segment(guide, monkeypatch, workers):
    schema, documents = guide_documents()
    documents += edge_documents()
    monkeypatch.setattr(bulk_writer, "WORKER_BATCH", 7)  # several batches, the last short
    storage = RamStorage()
    index = whoosh_index.FileIndex.create(storage, schema, "MAIN")
    writer = RebuildWriter(index, codec=indexing.rebuild_codec())
    assert writer.add_documents(iter(documents), workers=workers) == len(documents)
    writer.commit()
    assert segment_files(index, storage) == write(schema, documents, None, indexing.rebuild_codec())


def test_a_rebuild_smaller_than_a_batch_starts_no_worker(guide, monkeypatch):
    schema, documents = guide_documents()
    monkeypatch.setattr(bulk_writer, "ProcessPoolExecutor", None)  # would fail if started
    writer = RebuildWriter(whoosh_index.FileIndex.create(RamStorage(), schema, "MAIN"))
    assert writer.add_documents(documents, workers=2) == len(documents) < bulk_writer.WORKER_BATCH
    writer.commit()


def test_sections_reach_a_worker_whole():
    value = Sections([(3.0, "退款 refund"), (1.0, "")])
    copy = pickle.loads(pickle.dumps(value))
    assert (copy, copy.parts, type(copy)) == (value, value.parts, Sections)


KILLED_HALFWAY = """
import time
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from search import bulk_writer
from search.analysis import BilingualAnalyzer

bulk_writer.WORKER_BATCH = 2
schema = Schema(id=ID(stored=True), body=TEXT(analyzer=BilingualAnalyzer()))
writer = bulk_writer.RebuildWriter(RamStorage().create_index(schema))

def documents():
    for n in range(6):
        yield {"id": str(n), "body": "退款 refund"}
    print("started", flush=True)
    time.sleep(600)

writer.add_documents(documents(), workers=2)
"""


def test_workers_exit_when_the_rebuilding_process_is_killed():
    rebuilding = subprocess.Popen(
        [sys.executable, "-c", KILLED_HALFWAY], stdout=subprocess.PIPE, text=True
    )
    try:
        assert rebuilding.stdout.readline() == "started\n"
        workers = wait_until(lambda: children(rebuilding.pid), what="the workers starting")
        rebuilding.kill()
        rebuilding.wait()
        wait_until(
            lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers),
            what="the workers exiting",
            timeout=30,
        )
    finally:
        if rebuilding.poll() is None:
            rebuilding.kill()
            rebuilding.wait()


def children(parent: int) -> list[int]:
    """Return the processes whose parent is `parent` (Linux's /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found
