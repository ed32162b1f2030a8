"""Staff preview drafts; a scheduled entry goes live, and into search, on time."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from faq.models import Issue, Tip
from search import consistency
from search.services import faq_search

pytestmark = pytest.mark.django_db


def found(query, lang="en"):
    return [(hit.kind, hit.slug) for hit in faq_search(query=query, lang=lang, record=False).hits]


@pytest.fixture
def draft(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tip = Tip.objects.create(
            slug="use-the-app",
            title_zh_hans="使用应用",
            title_en="Use the capybara app",
            body_zh_hans="在应用里联系客服。",
            body_en="Contact support from the capybara app.",
            is_published=False,
        )
    return tip


def test_visitors_get_404_and_search_never_shows_a_draft(client, draft):
    assert client.get("/en/tips/use-the-app/").status_code == 404
    assert found("capybara") == []
    assert (
        "/en/tips/use-the-app/" not in client.get("/en/search/", {"q": "capybara"}).content.decode()
    )


def test_staff_preview_a_draft_with_a_banner(editor_client, draft):
    html = editor_client.get("/en/tips/use-the-app/").content.decode()
    assert "Use the capybara app" in html
    assert 'class="draft-banner"' in html
    zh = editor_client.get("/zh-hans/tips/use-the-app/").content.decode()
    assert "草稿" in zh
    assert "draft-banner" not in editor_client.get("/en/tips/prepare/").content.decode()
    assert found("capybara") == []  # a preview is no search result


def test_only_staff_who_may_view_tips_preview_a_draft_tip(client, draft, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("helper", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get("/en/tips/use-the-app/").status_code == 404  # staff, no permission

    staff.user_permissions.add(Permission.objects.get(codename="view_tip"))
    staff = django_user_model.objects.get(pk=staff.pk)  # permissions are cached per object
    client.force_login(staff)
    assert client.get("/en/tips/use-the-app/").status_code == 200
    assert client.get("/en/issues/account/").status_code == 200  # published: everyone


def test_a_scheduled_entry_appears_in_search_after_its_time(
    client, draft, django_capture_on_commit_callbacks
):
    draft.publish_at = timezone.now() + timedelta(hours=1)
    draft.save()
    later = Issue.objects.get(slug="returns")
    later.is_published, later.publish_at = False, timezone.now() + timedelta(days=1)
    later.save()
    call_command("publish_scheduled", verbosity=0)
    assert found("capybara") == []

    Tip.objects.filter(pk=draft.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", verbosity=0)

    assert found("capybara") == [("tip", "use-the-app")]
    assert client.get("/en/tips/use-the-app/").status_code == 200
    assert not Issue.objects.get(slug="returns").is_published  # not due yet
    assert Tip.objects.get(pk=draft.pk).publish_at is None
    assert not consistency.compare()
