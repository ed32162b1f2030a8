"""Edits reach the index at commit; fixtures and rebuild_index build the same index."""

import pytest
from django.core.management import call_command

from faq.models import Channel, ChannelStep, Issue
from search.services import faq_search
from search.snapshot import current_snapshot
from tests.conftest import SHIPPED_FIXTURES
from tests.factories import published_entries
from tests.faq.test_admin import issue_form

pytestmark = pytest.mark.django_db


def found(query, lang="en"):
    return [(hit.kind, hit.slug) for hit in faq_search(query=query, lang=lang, record=False).hits]


@pytest.mark.parametrize("field", ["solution_en", "solution_zh_hans"])
def test_an_admin_edit_is_searchable_at_once(
    editor_client, search_index, django_capture_on_commit_callbacks, field
):
    issue = Issue.objects.get(slug="account")
    assert ("issue", "account") not in found("quokka")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/faq/issue/{issue.pk}/change/", issue_form(issue, **{field: "Ask a quokka."})
        )
    assert response.status_code == 302
    assert found("quokka")[0] == ("issue", "account")


def test_editing_a_step_reindexes_its_channel(search_index, django_capture_on_commit_callbacks):
    step = ChannelStep.objects.filter(channel__slug="forums").first()
    with django_capture_on_commit_callbacks(execute=True):
        step.body_en = "Wave a semaphore flag."
        step.save()
    assert found("semaphore") == [("channel", "forums")]


def test_unpublishing_removes_and_republishing_restores(
    search_index, django_capture_on_commit_callbacks
):
    issue = Issue.objects.get(slug="gift-cards")
    with django_capture_on_commit_callbacks(execute=True):
        issue.is_published = False
        issue.save()
    assert ("issue", "gift-cards") not in found("gift card")
    with django_capture_on_commit_callbacks(execute=True):
        issue.is_published = True
        issue.save()
    assert found("gift card")[0] == ("issue", "gift-cards")


def test_deleting_removes_from_the_index(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Channel.objects.get(slug="forums").delete()
    assert ("channel", "forums") not in found("community forum")
    assert ("channel", "forums") not in found("社区论坛", "zh-hans")


def index_contents():
    """Return the documents' ids and every term with its document and total frequency."""
    reader = current_snapshot().index.searcher.reader()
    ids = sorted(fields["id"] for fields in reader.all_stored_fields())
    terms = sorted(
        (field, text, reader.doc_frequency(field, text), reader.frequency(field, text))
        for field, text in reader.all_terms()
    )
    return ids, terms


def test_loading_fixtures_and_rebuild_index_give_the_same_index(
    db, django_capture_on_commit_callbacks
):
    call_command("clear_index", interactive=False, verbosity=0)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", *SHIPPED_FIXTURES, verbosity=0)
    from_fixtures = index_contents()
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert len(from_fixtures[0]) == published_entries()
    assert len(from_fixtures[1]) > 1000
    assert index_contents() == from_fixtures


def test_reordering_recommended_channels_updates_the_contact_link(
    editor_client, search_index, django_capture_on_commit_callbacks
):
    def contact():
        [hit] = [h for h in faq_search(query="账户被盗", lang="en", record=False).hits][:1]
        return hit.contact_channel.slug

    assert contact() == "phone"
    issue = Issue.objects.get(slug="account")
    first, second = issue.channel_links.all()[:2]
    data = issue_form(issue)
    data["channel_links-0-order"], data["channel_links-1-order"] = second.order, first.order
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/faq/issue/{issue.pk}/change/", data)
    assert contact() == "live-chat"


def test_every_index_change_gives_a_new_snapshot(search_index, django_capture_on_commit_callbacks):
    first = current_snapshot()
    assert current_snapshot() is first  # unchanged index, same snapshot
    with django_capture_on_commit_callbacks(execute=True):
        Issue.objects.get(slug="orders").save()
    edited = current_snapshot()
    call_command("rebuild_index", interactive=False, verbosity=0)
    rebuilt = current_snapshot()
    assert first.number < edited.number < rebuilt.number
    assert first.index.build == edited.index.build != rebuilt.index.build
