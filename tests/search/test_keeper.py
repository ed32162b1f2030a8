"""The keeper readies the index before a search; a search itself only reads, never waits long."""

import time

import pytest
from django.core.management import call_command

from faq.models import Issue
from search import indexing, keeper
from search.snapshot import current_snapshot

pytestmark = pytest.mark.django_db


def slugs(client, query: str) -> list[str]:
    answer = client.get("/api/search/", {"q": query, "lang": "en"})
    assert answer.status_code == 200
    return [result["slug"] for result in answer.json()["results"]]


def test_a_search_while_another_writer_holds_the_index_answers_within_the_bound(
    client, search_index, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SEARCH_CATCH_UP_WAIT = 0.2
    monkeypatch.setattr(indexing, "LOCK_TIMEOUT", 0.05)  # the edit's own write gives up
    issue = Issue.objects.get(slug="account")
    with indexing.writer_lock():  # another process writing, for as long as it takes
        with django_capture_on_commit_callbacks(execute=True):
            issue.solution_en = "Ask a platypus."
            issue.save()
        started = time.monotonic()
        during = slugs(client, "platypus")
        waited = time.monotonic() - started
        assert slugs(client, "refund") == ["returns"]  # the previous snapshot answers
    # Far below the 30 s a writer waits for the lock: the bound is 0.2 s plus one batch.
    assert waited < 10
    assert during == []
    assert slugs(client, "platypus") == ["account"]  # the lock is free: caught up first


def test_searching_does_not_apply_the_log_only_the_keeper_does(
    client, search_index, django_capture_on_commit_callbacks, monkeypatch
):
    from search.services import faq_search

    monkeypatch.setattr(indexing, "LOCK_TIMEOUT", 0.05)
    issue = Issue.objects.get(slug="account")
    with indexing.writer_lock(), django_capture_on_commit_callbacks(execute=True):
        issue.solution_en = "Ask a wombat."
        issue.save()
    position = indexing.read_position()
    assert faq_search(query="wombat", lang="en", record=False).hits == []
    assert indexing.read_position() == position  # a search read; it wrote nothing
    assert slugs(client, "wombat") == ["account"]
    assert indexing.read_position() == indexing.log_head()


def test_a_node_without_an_index_rebuilds_in_the_background_and_answers_meanwhile(
    client, guide, settings, tmp_path, monkeypatch
):
    settings.HAYSTACK_CONNECTIONS = {
        "default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(tmp_path / "new")}
    }
    started = []
    monkeypatch.setattr(keeper, "in_background", started.append)
    assert slugs(client, "refund") == []  # answered at once, from no index
    assert started == [indexing.ensure_index]
    started[0]()  # what the background thread runs
    assert slugs(client, "refund") == ["returns"]
    assert current_snapshot().position == indexing.log_head()
    call_command("check_index")


def test_during_a_burst_a_search_reads_the_database_once_and_the_newest_commit(
    search_index, settings, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SEARCH_COMMIT_INTERVAL = 3600.0
    issue = Issue.objects.get(slug="account")
    try:
        for word in ("quokka", "pangolin"):  # the first commits at once, the second waits
            with django_capture_on_commit_callbacks(execute=True):
                issue.solution_en = f"Ask a {word}."
                issue.save()
        assert indexing.read_position() < indexing.log_head()
        keeper.ready_snapshot()  # the first search after the commit renews the snapshot
        with CaptureQueriesContext(connection) as queries:
            snapshot = keeper.ready_snapshot()
        # The versions and the log's head, in one query; the burst's commit is not its job.
        assert len(queries.captured_queries) == 1
        assert snapshot.position == indexing.read_position() < indexing.log_head()
        assert snapshot is current_snapshot()
    finally:
        indexing.deferred.flush()
    assert keeper.ready_snapshot().position == indexing.log_head()
