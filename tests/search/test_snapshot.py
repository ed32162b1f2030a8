"""Every thread of a process reads one snapshot; an edit makes the next one for all of them."""

import os
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection

from faq.models import Issue
from search.ranking import _group
from search.services import faq_search
from search.snapshot import current_snapshot, live_build
from search.suggest import faq_suggest
from tests.conftest import SHIPPED_FIXTURES

QUERIES = ["refund", "lost parcel", "退款", "礼品卡余额", "password reset", "live chat"]
TIMEOUT = 120  # generous: the machine may be busy


@pytest.fixture
def committed_index(transactional_db):
    """The shipped guide, committed (threads read through their own connections), indexed."""
    call_command("loaddata", *SHIPPED_FIXTURES, verbosity=0)
    call_command("rebuild_index", interactive=False, verbosity=0)


def in_threads(count: int, work) -> list:
    """Run `work(i)` in `count` threads at once; return their results, raising their errors."""
    results, errors = [None] * count, []
    start = threading.Barrier(count)

    def run(i: int) -> None:
        try:
            start.wait(TIMEOUT)
            results[i] = work(i)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    if errors:
        raise errors[0]
    return results


def slugs(query: str) -> list[str]:
    return [hit.slug for hit in faq_search(query=query, lang="en", record=False).hits]


def test_threads_share_one_snapshot_and_never_clear_each_others_caches(committed_index):
    def search_all(_i):
        searched = []
        for query in QUERIES:
            parsed = faq_search(query=query, lang="en", record=False).parsed
            searched.append((current_snapshot(), parsed))
        return searched

    searched = [pair for pairs in in_threads(2, search_all) for pair in pairs]
    first = searched[0][0]
    assert all(snapshot is first for snapshot, _parsed in searched)
    # Every group either thread scored is still in the one cache: none was cleared.
    for _snapshot, parsed in searched:
        for group in parsed.groups:
            assert _group(group) in first.index.scores


def test_an_edit_is_visible_to_the_next_search_in_every_thread(committed_index):
    before = in_threads(2, lambda _i: slugs("quokka"))
    assert before == [[], []]
    issue = Issue.objects.get(slug="account")
    issue.solution_en = "Ask a quokka."
    issue.save()  # autocommit: the change log is applied at once
    after = in_threads(2, lambda _i: slugs("quokka"))
    assert after == [["account"], ["account"]]


def test_the_segment_is_read_in_place_from_its_map(committed_index):
    """MappedStorage relies on the pinned Whoosh's CompoundStorage asking the segment file
    for `subset`s when it does not map it itself: every inner file must be a MappedFile,
    none a copy (a BufferFile's BytesIO held 36 MB per worker at 10,000 entries)."""
    from search.snapshot import MappedFile

    reader = current_snapshot().index.searcher.reader()
    compound = reader._storage.a  # the segment's CompoundStorage under Whoosh's overlay
    assert isinstance(compound._file, MappedFile) and compound._source is None
    inner = [compound.open_file(name) for name in compound.list()]
    assert inner and all(isinstance(f, MappedFile) for f in inner)
    postings = next(f for f in inner if f._name.endswith(".pst"))
    assert postings.read(4) == postings.get(0, 4) and postings.tell() == 4
    assert slugs("refund")


def answers(query: str) -> list:
    results = faq_search(query=query, lang="en", record=False)
    hits = [(hit.kind, hit.slug, hit.score, hit.snippet) for hit in results.hits]
    return [hits, results.total, results.kind_counts, results.suggestion]


def test_threads_searching_at_once_answer_as_one_thread_does(committed_index, settings):
    settings.SEARCH_RESULT_CACHE_SIZE = 0  # every search ranked, in every thread
    alone = [answers(query) for query in QUERIES]
    current_snapshot().index.scores._maps.clear()  # every score map computed again, at once
    together = in_threads(4, lambda i: [answers(query) for query in QUERIES[i:] + QUERIES[:i]])
    for i, found in enumerate(together):
        assert found == alone[i:] + alone[:i]


def test_each_thread_reads_through_its_own_searcher_over_one_map(committed_index):
    slugs("refund")
    index = current_snapshot().index
    searchers = in_threads(2, lambda _i: index.thread_searcher())
    assert len({id(s) for s in [index.searcher, *searchers]}) == 3
    maps = {
        id(leaf._storage.a._file._whole)
        for searcher in [index.searcher, *searchers]
        for leaf, _offset in searcher.reader().leaf_readers()
    }
    assert len(maps) == len(index.searcher.reader().leaf_readers())


def test_a_search_is_not_held_up_by_another_threads_unfinished_read(committed_index, monkeypatch):
    """One thread stops in the middle of scoring a term; another searches meanwhile."""
    from search import scoring

    slugs("refund")  # the snapshot is open
    inside, release = threading.Event(), threading.Event()
    score_term = scoring.term_score_map

    def stopping(searcher, query, norms):
        if threading.current_thread() is stopped:
            inside.set()
            assert release.wait(TIMEOUT)
        return score_term(searcher, query, norms)

    monkeypatch.setattr(scoring, "term_score_map", stopping)
    stopped = threading.Thread(target=lambda: (slugs("password reset"), connection.close()))
    stopped.start()
    try:
        assert inside.wait(TIMEOUT)
        assert slugs("lost parcel")  # answered while the other thread is still reading
        assert stopped.is_alive()
    finally:
        release.set()
        stopped.join(TIMEOUT)


def test_a_build_written_without_length_statistics_opens_and_takes_edits(committed_index):
    """A rebuild writes no per-block length statistics (indexing.rebuild_codec); the
    index opens with Whoosh's own classes, and the writer of an edit adds to it."""
    from whoosh import index as whoosh_index

    from search.snapshot import live_build

    ((leaf, _offset),) = whoosh_index.open_dir(str(live_build())).reader().leaf_readers()
    assert leaf.segment().codec().length_stats is False
    assert slugs("refund")
    issue = Issue.objects.get(slug="account")
    issue.solution_en = "Ask a quokka."
    issue.save()  # autocommit: the change log is applied at once, by another writer
    assert slugs("quokka") == ["account"]
    assert slugs("refund")
    leaves = whoosh_index.open_dir(str(live_build())).reader().leaf_readers()
    assert any(leaf.segment().codec().length_stats for leaf, _offset in leaves)


def test_a_documents_identity_is_read_from_the_index_once_per_view(committed_index):
    """Every hit asks which entry its document is; the stored fields are read (inflated and
    unpickled) once per view, and every thread gets what the index holds."""
    index = current_snapshot().index
    reads = []
    searcher = index.thread_searcher()
    stored_fields = searcher.stored_fields
    searcher.stored_fields = lambda docnum: reads.append(docnum) or stored_fields(docnum)
    documents = range(index.document_count)
    first = [index.identity(docnum) for docnum in documents]
    assert [index.identity(docnum) for docnum in documents] == first
    assert in_threads(2, lambda _i: [index.identity(docnum) for docnum in documents]) == [first] * 2
    assert reads == list(documents)
    expected = [(f["django_ct"], int(f["django_id"])) for f in map(stored_fields, documents)]
    assert first == expected


def directory_time(build, nanoseconds: int) -> None:
    """Set the time of the build's directory, as a change in it at that time would."""
    os.utime(build, ns=(nanoseconds, nanoseconds))


def test_after_a_quiet_while_a_search_asks_the_file_system_once(committed_index, monkeypatch):
    """The index is still the live build's newest generation: one stat says so (BuildStamp),
    without reading the link and listing the build."""
    directory_time(live_build(), time.time_ns() - 60 * 10**9)  # no change for a minute
    assert slugs("refund")
    first = current_snapshot()
    asked = []
    for name in ("listdir", "scandir", "readlink"):
        ask = getattr(os, name)
        monkeypatch.setattr(os, name, lambda *a, _ask=ask, _n=name: asked.append(_n) or _ask(*a))
    assert slugs("refund")
    assert current_snapshot() is first
    assert asked == []


def test_after_a_quiet_while_an_edit_and_a_rebuild_are_seen_by_the_next_search(committed_index):
    directory_time(live_build(), time.time_ns() - 60 * 10**9)
    assert slugs("quokka") == []
    assert slugs("refund")
    issue = Issue.objects.get(slug="account")
    issue.solution_en = "Ask a quokka."
    issue.save()  # autocommit: the change log is applied at once, a commit in the build
    assert slugs("quokka") == ["account"]
    directory_time(live_build(), time.time_ns() - 60 * 10**9)
    edited = current_snapshot()
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert current_snapshot().index.build != edited.index.build
    assert slugs("quokka") == ["account"]


def test_a_commit_that_leaves_the_directory_time_as_it_was_is_seen(committed_index):
    """A file system's clock moves in ticks: a commit soon after the directory last
    changed may leave its time as it was. Such a stamp is not trusted, the build is listed."""
    build, moments_ago = live_build(), time.time_ns()
    directory_time(build, moments_ago)
    assert slugs("quokka") == []
    assert slugs("refund")  # the snapshot, found current with this stamp
    issue = Issue.objects.get(slug="account")
    issue.solution_en = "Ask a quokka."
    issue.save()
    directory_time(build, moments_ago)  # the commit's time, in the same tick
    assert slugs("quokka") == ["account"]


@pytest.mark.django_db
def test_each_document_has_its_kind_and_a_deleted_one_none(search_index):
    """Counts by kind read each result's kind from this list: it must agree with the
    kinds' sets, and count no deleted document."""
    from whoosh import index as whoosh_index

    writer = whoosh_index.open_dir(str(live_build())).writer()
    writer.delete_by_term("django_ct", "faq.channel")
    writer.commit()
    index = current_snapshot().index
    kinds = index.document_kinds()
    by_kind = index.kind_documents()
    assert not by_kind["channel"] and len(kinds) == index.searcher.reader().doc_count_all()
    assert {docnum: kind for kind, docnums in by_kind.items() for docnum in docnums} == {
        docnum: kind for docnum, kind in enumerate(kinds) if kind is not None
    }
    assert kinds.count(None) > 0  # the deleted channels


@pytest.mark.parametrize("query", ["xiugai mima", "pasword resett", "退宽多久到帐", "refund"])
def test_an_index_of_no_entries_answers_no_results(db, client, query):
    """A new site's index has no segment yet (Whoosh reads it through an EmptyReader):
    every mechanism that reads the index's words finds none, and nothing fails."""
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert current_snapshot().index.searcher.reader().segment() is None
    results = faq_search(query=query, lang="en", record=False)
    assert results.hits == [] and results.total == 0
    assert faq_suggest(prefix=query[:4], lang="en") is not None
    assert client.get("/en/search/", {"q": query}).status_code == 200
    assert client.get("/api/search/", {"q": query, "lang": "zh-hans"}).json()["total"] == 0
