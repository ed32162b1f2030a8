import contextlib
import sqlite3
import threading

import dj_database_url
import pytest
from django.db import OperationalError, connections
from django.utils import timezone

from search import querylog
from search.models import QueryLog
from search.services import faq_search
from tests.nodes import Node
from tests.sites import new_database, seed, site_env
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db


def test_every_search_is_recorded_normalised(client, search_index):
    client.get("/api/search/", {"q": "  Lost   PACKAGE ", "lang": "en"})
    client.get("/en/search/", {"q": "xylophone"})
    logged = list(QueryLog.objects.order_by("created_at").values("query", "lang", "result_count"))
    assert logged[0]["query"] == "lost package"
    assert logged[0]["result_count"] > 0
    assert logged[1] == {"query": "xylophone", "lang": "en", "result_count": 0}


def test_a_failure_to_log_does_not_break_search(search_index, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(QueryLog.objects, "bulk_create", broken)
    results = faq_search(query="refund", lang="en")
    assert results.hits
    assert "could not record 1 searches" in caplog.text


def test_admin_lists_zero_result_queries_and_the_most_frequent(editor_client, search_index):
    for query in ["refund", "refund", "xylophone"]:
        faq_search(query=query, lang="en")
    html = editor_client.get("/admin/search/querylog/", {"found": "no"}).content.decode()
    assert "xylophone" in html
    assert html.count('<th class="field-query">refund') == 0
    html = editor_client.get("/admin/search/querylog/").content.decode()
    top = html[html.index('id="top-queries"') :]
    assert top.index("refund") < top.index("xylophone")


def test_searches_are_written_in_batches(search_index, settings):
    settings.SEARCH_LOG_BATCH = 3
    settings.SEARCH_LOG_SECONDS = 3600
    querylog.flush()
    faq_search(query="refund", lang="en")
    faq_search(query="gift card", lang="en")
    assert QueryLog.objects.count() == 0
    faq_search(query="password", lang="en")
    assert QueryLog.objects.count() == 3
    faq_search(query="order", lang="en")
    querylog.flush()
    assert QueryLog.objects.count() == 4


def test_a_cached_result_echoes_the_query_as_this_visitor_typed_it(search_index, settings):
    settings.SEARCH_RESULT_CACHE_SIZE = 10
    assert faq_search(query="Lost Package", lang="en").query == "Lost Package"
    assert faq_search(query="lost   package", lang="en").query == "lost   package"


@pytest.fixture
def background_log(settings):
    """Write the log from this process's writer thread, as a served site does; stop the
    thread afterwards (it closes its database connection)."""
    settings.SEARCH_LOG_IN_BACKGROUND = True
    settings.SEARCH_LOG_SECONDS = 3600
    querylog.shutdown()
    yield
    querylog.shutdown(timeout=120)


def searched(query: str) -> QueryLog:
    return QueryLog(
        query=query, lang="en", result_count=1, duration_ms=1.0, created_at=timezone.now()
    )


def logged() -> list[str]:
    return sorted(QueryLog.objects.values_list("query", flat=True))


@pytest.mark.django_db(transaction=True)
def test_batches_are_written_by_a_thread_of_their_own(
    search_index, background_log, settings, monkeypatch
):
    settings.SEARCH_LOG_BATCH = 2
    writers = []
    insert = querylog._insert
    monkeypatch.setattr(
        querylog,
        "_insert",
        lambda rows: (writers.append((threading.current_thread().name, len(rows))), insert(rows)),
    )
    faq_search(query="refund", lang="en")
    faq_search(query="gift card", lang="en")  # the batch is handed over, not written here
    assert querylog.flush(timeout=120)  # waits for the writer thread
    assert QueryLog.objects.count() == 2
    assert ("query-log-writer", 2) in writers


@pytest.mark.django_db(transaction=True)
def test_a_search_left_waiting_for_a_batch_is_written_without_another(background_log, settings):
    settings.SEARCH_LOG_BATCH = 50
    settings.SEARCH_LOG_SECONDS = 0.5
    querylog.record(searched("refund"))  # the first in a while goes at once
    querylog.record(searched("gift card"))  # then the batch fills, or the seconds pass

    def both_logged():
        with contextlib.suppress(OperationalError):  # the test database's shared cache
            return logged() == ["gift card", "refund"]

    wait_until(both_logged, what="the writer writing the rows left waiting", timeout=60)


@pytest.mark.django_db(transaction=True)
def test_a_full_queue_drops_the_oldest_batch_and_says_so(
    background_log, settings, monkeypatch, caplog
):
    settings.SEARCH_LOG_BATCH = 1
    settings.SEARCH_LOG_QUEUE = 2
    writing, database_free = threading.Event(), threading.Event()
    bulk_create = QueryLog.objects.bulk_create

    def held(rows, **kwargs):  # the database busy for as long as the test says
        writing.set()
        database_free.wait(timeout=120)
        return bulk_create(rows, **kwargs)

    monkeypatch.setattr(QueryLog.objects, "bulk_create", held)
    dropped = querylog.dropped()
    querylog.record(searched("first"))
    assert writing.wait(timeout=120)
    for query in ("second", "third", "fourth"):  # the queue holds two batches
        querylog.record(searched(query))
    database_free.set()
    assert querylog.flush(timeout=120)
    assert logged() == ["first", "fourth", "third"]
    assert querylog.dropped() == dropped + 1
    assert "dropped the oldest 1 searches" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_batch_the_database_refused_is_written_on_a_later_try(
    background_log, monkeypatch, caplog
):
    refusals = [OperationalError("database is locked")]
    bulk_create = QueryLog.objects.bulk_create

    def busy_once(rows, **kwargs):
        if refusals:
            raise refusals.pop()
        return bulk_create(rows, **kwargs)

    monkeypatch.setattr(QueryLog.objects, "bulk_create", busy_once)
    querylog.record(searched("refund"))
    assert querylog.flush(timeout=120)
    assert logged() == ["refund"]
    assert "could not record" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_shutdown_writes_every_row_and_ends_the_writer_with_its_connection(
    background_log, settings, monkeypatch
):
    settings.SEARCH_LOG_BATCH = 2
    used = []
    bulk_create = QueryLog.objects.bulk_create

    def watched(rows, **kwargs):
        used.append(connections["default"])  # this thread's own
        return bulk_create(rows, **kwargs)

    monkeypatch.setattr(QueryLog.objects, "bulk_create", watched)
    for query in ("refund", "gift card", "password"):  # a batch handed over, a row waiting
        querylog.record(searched(query))
    querylog.shutdown(timeout=120)
    assert logged() == ["gift card", "password", "refund"]
    assert not [t for t in threading.enumerate() if t.name == "query-log-writer"]
    # Django never closes SQLite's in-memory test database; PostgreSQL's connection is.
    assert used and all(c.connection is None or c.vendor == "sqlite" for c in used)


@contextlib.contextmanager
def query_log_locked(database_url: str):
    """Hold the lock an INSERT into the query log waits for, from a connection of our own:
    SQLite's write lock, or on PostgreSQL the table's EXCLUSIVE lock (reads go on)."""
    if database_url.startswith("sqlite"):
        holder = sqlite3.connect(dj_database_url.parse(database_url)["NAME"], timeout=60)
        holder.isolation_level = None
        holder.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        holder = psycopg.connect(database_url)
        holder.execute("LOCK TABLE search_querylog IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def count_logged(database_url: str) -> int:
    if database_url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(dj_database_url.parse(database_url)["NAME"])) as db:
            return db.execute("SELECT count(*) FROM search_querylog").fetchone()[0]
    import psycopg

    with psycopg.connect(database_url) as db:
        return db.execute("SELECT count(*) FROM search_querylog").fetchone()[0]


def test_a_served_search_never_waits_for_the_log_and_nothing_is_lost(tmp_path):
    """Issue 17: with the query log's table locked (an editor's transaction, on SQLite the
    whole database), a search that completes a batch answers all the same; its batch is
    written once the lock is gone, and a row still buffered when gunicorn stops is too."""
    database_url = new_database(tmp_path)
    seed(site_env(tmp_path / "seed", DATABASE_URL=database_url), index=False)
    settings = {"SEARCH_LOG_BATCH": "2", "SEARCH_LOG_SECONDS": "3600"}
    node = Node("qlog", tmp_path / "web", database_url, workers=1, extra_env=settings).start()
    try:
        node.search("refund")  # its index built, one row waiting for the batch
        answers = []
        with query_log_locked(database_url):
            searching = threading.Thread(
                target=lambda: answers.append(node.search("gift card")), daemon=True
            )
            searching.start()  # this one hands the batch to the writer, which waits
            wait_until(lambda: answers, what="a search answering while the log is locked")
        wait_until(lambda: count_logged(database_url) == 2, what="the batch written after")
        node.search("password")  # buffered: the next batch is not full
    finally:
        node.stop()
    assert count_logged(database_url) == 3
