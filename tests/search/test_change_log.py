"""Edits are logged with their transaction and applied by one writer; none is dropped."""

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils.timezone import now
from whoosh import index as whoosh_index

from faq.models import Issue, Tip
from search import changelog, consistency, indexing, keeper
from search.models import IndexChange, IndexNode, content_versions
from search.services import faq_search
from tests.factories import published_entries
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db


def found(query, lang="en"):
    return [hit.slug for hit in faq_search(query=query, lang=lang, record=False).hits]


def found_by_api(client, query, lang="en"):
    """Search as a visitor does: the keeper readies the index before the search reads it."""
    answer = client.get("/api/search/", {"q": query, "lang": lang}).json()
    return [result["slug"] for result in answer["results"]]


def rename(issue, title, callbacks):
    with callbacks(execute=True), transaction.atomic():
        issue.title_en = title
        issue.save()


def test_an_edit_is_logged_and_applied_when_it_commits(
    search_index, django_capture_on_commit_callbacks
):
    issue = Issue.objects.get(slug="account")
    rename(issue, "Wombat account problems", django_capture_on_commit_callbacks)

    change = IndexChange.objects.latest("pk")
    assert (change.model, change.object_pk) == ("faq.issue", issue.pk)
    # Applied at commit, before any search asked for it.
    assert indexing.read_position() == indexing.log_head()
    assert not consistency.compare()
    assert found("wombat") == ["account"]


def test_a_rolled_back_edit_leaves_neither_log_nor_index_changed(search_index):
    head = indexing.log_head()
    with pytest.raises(RuntimeError), transaction.atomic():
        Issue.objects.filter(slug="account").first().save()
        raise RuntimeError("the editor's request failed")
    assert indexing.log_head() == head
    assert not consistency.compare()


def test_a_blocked_write_stays_in_the_log_and_the_next_search_applies_it(
    client, search_index, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    issue = Issue.objects.get(slug="account")
    with indexing.writer_lock(), caplog.at_level(logging.ERROR):
        # Another process is writing the index: this edit leaves its change to that writer
        # and returns without waiting (here the other writer never looks at the log)...
        rename(issue, "Platypus account problems", django_capture_on_commit_callbacks)
    assert caplog.text == ""  # not a failure: the log holds the change
    assert indexing.read_position() < indexing.log_head()
    assert consistency.compare().stale

    # ...and the next search, once the other writer is done, has it applied first.
    assert found_by_api(client, "platypus") == ["account"]
    assert indexing.read_position() == indexing.log_head()
    assert not consistency.compare()


def test_unpublishing_removes_the_document_and_deleting_too(
    search_index, django_capture_on_commit_callbacks
):
    tip, issue = Tip.objects.get(slug="escalate"), Issue.objects.get(slug="gift-cards")
    before = published_entries()
    with django_capture_on_commit_callbacks(execute=True):
        tip.is_published = False
        tip.save()
    with django_capture_on_commit_callbacks(execute=True):
        issue.delete()
    assert len(consistency.indexed_fingerprints()) == before - 2 == published_entries()
    assert not consistency.compare()


def test_a_rebuild_records_the_log_position_it_reflects(search_index):
    IndexChange.objects.create(model="faq.issue", object_pk=Issue.objects.first().pk)
    indexing.rebuild()
    assert indexing.read_position() == indexing.log_head()


def test_a_position_written_for_a_commit_that_never_happened_is_ignored(search_index):
    build = indexing.live_path().resolve()
    position = indexing.read_position()
    writer = whoosh_index.open_dir(str(build)).writer()
    # A crash between writing the position and committing: the generation never came.
    (build / f"position-{writer.generation}").write_text(str(position + 100))
    writer.cancel()
    assert indexing.read_position() == position


def edit(callbacks, slug="account"):
    issue = Issue.objects.get(slug=slug)
    with callbacks(execute=True):
        issue.save()


def test_changes_every_live_node_applied_are_pruned(
    search_index, django_capture_on_commit_callbacks, settings
):
    settings.SEARCH_NODE_NAME = "web-1"
    IndexNode.objects.all().delete()  # the node that built the fixture's index
    edit(django_capture_on_commit_callbacks)
    edit(django_capture_on_commit_callbacks)
    IndexNode.objects.create(name="web-2", position=indexing.log_head() - 1, last_seen=now())

    changelog.prune()
    # web-2 has not applied the last change yet: it stays.
    assert list(IndexChange.objects.values_list("pk", flat=True)) == [indexing.log_head()]
    assert changelog.pruned_through() == indexing.log_head() - 1


def test_a_node_gone_too_long_no_longer_holds_pruning_back_and_rebuilds_on_return(
    client, search_index, django_capture_on_commit_callbacks, settings, monkeypatch
):
    # The keeper rebuilds in a thread of its own; here, in the test's own transaction.
    monkeypatch.setattr(keeper, "in_background", lambda task: task())
    settings.SEARCH_NODE_NAME = "web-1"
    IndexNode.objects.all().delete()  # the node that built the fixture's index
    away = IndexNode.objects.create(
        name="web-2",
        position=0,
        last_seen=now() - timedelta(seconds=settings.SEARCH_NODE_TIMEOUT + 1),
    )
    edit(django_capture_on_commit_callbacks)
    changelog.prune()
    assert not IndexChange.objects.exists()

    # web-2 comes back: its index (here, web-1's, moved back in time) missed a pruned change.
    settings.SEARCH_NODE_NAME = away.name
    build = indexing.live_path().resolve()
    writer = whoosh_index.open_dir(str(build)).writer()
    indexing.commit(writer, build, position=0)
    Issue.objects.filter(slug="account").update(title_en="Renamed while web-2 was away: quokka")
    IndexChange.objects.create(model="faq.tip", object_pk=Tip.objects.first().pk)

    assert found_by_api(client, "quokka") == ["account"]  # rebuilt, then searched
    assert indexing.read_position() == indexing.log_head()
    assert not consistency.compare()


def test_a_new_node_builds_its_index_from_the_database(guide, settings, tmp_path):
    settings.HAYSTACK_CONNECTIONS = {
        "default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(tmp_path / "new")}
    }
    from haystack import connections

    connections.reload("default")
    indexing.ensure_index()
    assert indexing.read_position() == indexing.log_head()
    assert not consistency.compare()


def test_check_index_counts_a_document_indexed_twice(search_index):
    from haystack import connections

    tip = Tip.objects.get(slug="escalate")
    build = indexing.live_path().resolve()
    search_index = connections["default"].get_unified_index().get_index(Tip)
    writer = whoosh_index.open_dir(str(build)).writer()
    writer.add_document(**indexing.document(search_index, tip))  # not update_
    writer.commit()

    drift = consistency.compare()
    assert drift.duplicated == [f"faq.tip.{tip.pk}"]
    consistency.repair(drift)
    assert not consistency.compare()


def test_once_the_log_is_pruned_empty_its_head_stays_where_it_was(
    search_index, django_capture_on_commit_callbacks, settings, caplog
):
    settings.SEARCH_NODE_NAME = "web-1"
    IndexNode.objects.all().delete()
    edit(django_capture_on_commit_callbacks)
    head = indexing.log_head()
    changelog.prune()
    assert not IndexChange.objects.exists()
    assert indexing.log_head() == head == content_versions()[1]

    # A node built now starts at the head, not at 0: it must not think it missed changes.
    with caplog.at_level(logging.WARNING):
        indexing.rebuild()
        found("refund")
    assert indexing.read_position() == head
    assert "missed pruned changes" not in caplog.text


def test_the_admin_lists_the_nodes_and_how_far_behind_each_is(
    editor_client, search_index, settings
):
    IndexNode.objects.all().delete()
    head = indexing.log_head()
    IndexNode.objects.create(name="web-1", position=head, last_seen=now())
    IndexNode.objects.create(name="web-9", position=head - 5, last_seen=now() - timedelta(days=30))
    response = editor_client.get("/admin/search/indexnode/", headers={"accept-language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    rows = {
        name: row
        for row in html.split("<tr")[1:]
        for name in ("web-1", "web-9")
        if f">{name}<" in row
    }
    assert set(rows) == {"web-1", "web-9"}
    assert '<td class="field-behind">0</td>' in rows["web-1"]
    assert '<td class="field-behind">5</td>' in rows["web-9"]
    assert 'alt="True"' in rows["web-1"] and 'alt="False"' in rows["web-9"]


def test_a_commit_creates_the_generation_after_the_newest(search_index):
    """The position file is named for latest_generation() + 1 before the commit: true of the
    pinned Whoosh's writer (its `generation` is not public API, so it is checked here)."""
    build = indexing.live_path().resolve()
    writer = whoosh_index.open_dir(str(build)).writer()
    try:
        assert writer.generation == indexing.latest_generation(build) + 1
    finally:
        writer.cancel()


def test_the_heartbeat_is_written_by_a_thread_of_its_own(settings, monkeypatch):
    """A search that finds the heartbeat due does not wait for its write (issue 17)."""
    settings.SEARCH_HEARTBEAT_IN_BACKGROUND = True
    writing, release, written = threading.Event(), threading.Event(), []

    def slow_report(position):  # an editor holds the database's write lock
        writing.set()
        release.wait(120)
        written.append(position)
        changelog._last_heartbeat = time.monotonic()

    monkeypatch.setattr(changelog, "report_position", slow_report)
    monkeypatch.setattr(changelog, "_last_heartbeat", 0.0)
    changelog.heartbeat(5)  # returns while the write waits
    wait_until(writing.is_set, what="the heartbeat thread writing")
    changelog.heartbeat(5)  # still due: no second thread while one writes
    assert written == []
    release.set()
    wait_until(lambda: written, what="the heartbeat written")
    wait_until(lambda: changelog._beating.acquire(blocking=False), what="the thread done")
    changelog._beating.release()
    changelog.heartbeat(6)  # not due again for HEARTBEAT_SECONDS
    assert written == [5]


def test_the_heartbeat_is_written_in_the_request_when_told(settings, monkeypatch):
    settings.SEARCH_HEARTBEAT_IN_BACKGROUND = False
    written = []
    monkeypatch.setattr(changelog, "report_position", written.append)
    monkeypatch.setattr(changelog, "_last_heartbeat", 0.0)
    changelog.heartbeat(7)
    assert written == [7]


def test_a_failing_heartbeat_is_tried_again_only_after_the_interval(settings, monkeypatch):
    settings.SEARCH_HEARTBEAT_IN_BACKGROUND = False
    tries = []

    def failing(position):
        tries.append(position)
        raise RuntimeError("the database is away")

    monkeypatch.setattr(changelog, "report_position", failing)
    monkeypatch.setattr(changelog, "_last_heartbeat", 0.0)
    changelog.heartbeat(1)
    changelog.heartbeat(2)  # every search would otherwise try, and log, again
    assert tries == [1]
