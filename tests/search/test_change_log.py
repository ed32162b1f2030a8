"""Edits are logged with their transaction and applied by one writer; none is dropped."""

import logging

import pytest
from django.db import transaction

from faq.models import Issue, Tip
from search import consistency, indexing
from search.models import IndexChange
from search.services import faq_search

pytestmark = pytest.mark.django_db


def found(query, lang="en"):
    return [hit.slug for hit in faq_search(query=query, lang=lang, record=False).hits]


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
    search_index, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    monkeypatch.setattr(indexing, "LOCK_TIMEOUT", 0.05)
    issue = Issue.objects.get(slug="account")
    with indexing.writer_lock(), caplog.at_level(logging.ERROR):
        # Another process is writing the index: this edit's write gives up...
        rename(issue, "Platypus account problems", django_capture_on_commit_callbacks)
    assert "the change stays in the log" in caplog.text
    assert indexing.read_position() < indexing.log_head()
    assert consistency.compare().stale

    # ...and the next search, once the other writer is done, applies it first.
    assert found("platypus") == ["account"]
    assert indexing.read_position() == indexing.log_head()
    assert not consistency.compare()


def test_unpublishing_removes_the_document_and_deleting_too(
    search_index, django_capture_on_commit_callbacks
):
    tip, issue = Tip.objects.get(slug="escalate"), Issue.objects.get(slug="gift-cards")
    with django_capture_on_commit_callbacks(execute=True):
        tip.is_published = False
        tip.save()
    with django_capture_on_commit_callbacks(execute=True):
        issue.delete()
    assert len(consistency.indexed_fingerprints()) == 21
    assert not consistency.compare()


def test_a_rebuild_records_the_log_position_it_reflects(search_index):
    IndexChange.objects.create(model="faq.issue", object_pk=Issue.objects.first().pk)
    indexing.rebuild()
    assert indexing.read_position() == indexing.log_head()
