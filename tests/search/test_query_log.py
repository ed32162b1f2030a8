import threading

import pytest

from search import querylog
from search.models import QueryLog
from search.services import faq_search

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


@pytest.mark.django_db(transaction=True)
def test_batches_are_written_by_a_thread_of_their_own(search_index, settings, monkeypatch):
    settings.SEARCH_LOG_IN_BACKGROUND = True
    settings.SEARCH_LOG_BATCH = 2
    settings.SEARCH_LOG_SECONDS = 3600
    querylog.flush()
    writers = []
    write = querylog._write
    monkeypatch.setattr(
        querylog,
        "_write",
        lambda rows: (writers.append((threading.current_thread().name, len(rows))), write(rows)),
    )
    faq_search(query="refund", lang="en")
    faq_search(query="gift card", lang="en")  # the batch is handed over, not written here
    querylog.flush()  # waits for the writer thread
    assert QueryLog.objects.count() == 2
    assert ("query-log-writer", 2) in writers
