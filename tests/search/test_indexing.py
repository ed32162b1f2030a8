"""An edit's commit: what it writes and which segments it keeps (search/indexing.py)."""

import pytest
from django.db import transaction
from whoosh import index as whoosh_index

from faq.models import Issue, Tip
from search import consistency, indexing
from search.services import faq_search

pytestmark = pytest.mark.django_db


def found(query, lang="en"):
    return [hit.slug for hit in faq_search(query=query, lang=lang, record=False).hits]


def segments() -> list[tuple[int, int]]:
    """Return each segment of the live index as (documents, of which deleted)."""
    index = whoosh_index.open_dir(str(indexing.live_path().resolve()))
    return [(s.doc_count_all(), s.deleted_count()) for s in index._segments()]


def save(entry, callbacks, **fields) -> None:
    """Save an edit in its own transaction; it is applied in its own commit."""
    for name, value in fields.items():
        setattr(entry, name, value)
    with callbacks(execute=True), transaction.atomic():
        entry.save()


def test_a_segment_whose_documents_were_all_replaced_is_dropped(
    search_index, django_capture_on_commit_callbacks
):
    issue = Issue.objects.get(slug="account")
    save(issue, django_capture_on_commit_callbacks, solution_en="Ask a quokka.")
    after_one = segments()
    save(issue, django_capture_on_commit_callbacks, solution_en="Ask a pangolin.")
    # The first edit's segment held only the copy the second replaced: gone, not merged.
    assert len(segments()) == len(after_one)
    assert segments()[-1] == (1, 0)
    assert found("pangolin")[0] == "account"
    assert "account" not in found("quokka")
    assert not consistency.compare()


def test_a_segment_more_than_a_third_of_whose_documents_were_replaced_is_merged(
    search_index, django_capture_on_commit_callbacks
):
    """Whoosh counts a replaced document in every score's statistics until its segment is
    merged: a third of the index replaced must not keep counting."""
    entries = [*Issue.objects.order_by("pk"), *Tip.objects.order_by("pk")]
    (total, deleted), *_ = segments()
    assert deleted == 0
    few = entries[: total // 3 - 1]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for entry in few:  # one commit
            entry.title_en += " (edited)"
            entry.save()
    assert segments() == [(total, len(few)), (len(few), 0)]  # kept: not a third
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for entry in entries[len(few) : len(few) + 2]:
            entry.title_en += " (edited)"
            entry.save()
    assert segments() == [(len(few), 0), (total - len(few), 0)]  # merged into the new one
    assert not consistency.compare()


def test_edits_merge_the_smallest_segments_past_the_bound_and_lose_nothing(
    search_index, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(indexing, "MAX_SEGMENTS", 4)
    edited = {}
    entries = [*Issue.objects.order_by("pk"), *Tip.objects.order_by("pk")][:9]
    for number, entry in enumerate(entries):
        word = f"zebrafish{number}"
        field = "solution_en" if isinstance(entry, Issue) else "body_en"
        save(entry, django_capture_on_commit_callbacks, **{field: f"Ask a {word}."})
        edited[word] = entry.slug
        assert len(segments()) <= indexing.MAX_SEGMENTS + 1
    # Nine commits of one entry each, with at most five segments at any time: merged.
    assert len(segments()) < len(entries)
    for word, slug in edited.items():
        assert found(word) == [slug]
    drift = consistency.compare()
    assert not drift, drift
    assert drift.indexed == drift.published


def test_an_entry_unpublished_in_a_commit_of_its_own_leaves_the_index(
    search_index, django_capture_on_commit_callbacks
):
    tip = Tip.objects.get(slug="escalate")
    save(tip, django_capture_on_commit_callbacks, body_en="Ask a quokka.")
    save(tip, django_capture_on_commit_callbacks, is_published=False)
    assert "escalate" not in found("quokka")
    assert not consistency.compare()


def test_the_newest_generation_is_the_one_whoosh_opens(
    search_index, django_capture_on_commit_callbacks, tmp_path
):
    build = indexing.live_path().resolve()
    for word in ("quokka", "pangolin"):
        save(Issue.objects.get(slug="account"), django_capture_on_commit_callbacks, title_en=word)
        assert (
            indexing.latest_generation(build)
            == whoosh_index.open_dir(str(build)).latest_generation()
        )
    assert indexing.latest_generation(tmp_path) == -1  # a directory without an index
    assert indexing.latest_generation(tmp_path / "gone") == -1
