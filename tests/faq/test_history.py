"""No lost updates, and history editors can use: revisions, a diff, restore."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.utils import translation
from reversion.models import Version

from faq.models import Issue, Tip
from search import consistency
from search.services import faq_search
from tests.faq.test_admin import issue_form

pytestmark = pytest.mark.django_db


def change_url(issue):
    return f"/admin/faq/issue/{issue.pk}/change/"


def found(query, lang="en"):
    return [(hit.kind, hit.slug) for hit in faq_search(query=query, lang=lang, record=False).hits]


def test_a_stale_form_is_refused_and_the_newer_text_survives(editor_client, guide):
    issue = Issue.objects.get(slug="account")
    editor_client.get(change_url(issue))  # A and B open the form
    opened_by_a = issue_form(issue, solution_en="A's text, written on an old copy.")
    saved_by_b = issue_form(issue, solution_en="B's newer text.")
    assert editor_client.post(change_url(issue), saved_by_b).status_code == 302

    response = editor_client.post(change_url(issue), opened_by_a, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this entry after you opened it" in html
    assert "B&#x27;s newer text." in html or "B's newer text." in html  # what changed
    assert Issue.objects.get(pk=issue.pk).solution_en == "B's newer text."


def test_what_changed_is_shown_after_edits_saved_in_the_admin(editor_client, guide):
    issue = Issue.objects.get(slug="account")
    editor_client.post(change_url(issue), issue_form(issue, solution_en="Saved once."))
    issue.refresh_from_db()
    assert issue.updated_at.microsecond  # a real save, not the fixture's whole second
    stale = issue_form(issue, solution_en="A's text.")
    editor_client.post(change_url(issue), issue_form(issue, solution_en="Saved once, then by B."))
    html = editor_client.post(change_url(issue), stale, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What changed" in html and "then by B." in html


def test_the_refusal_is_in_chinese_for_a_chinese_editor(editor_client, guide):
    issue = Issue.objects.get(slug="account")
    editor_client.get(change_url(issue))
    stale = issue_form(issue, solution_zh_hans="旧的内容。")
    editor_client.post(change_url(issue), issue_form(issue, solution_zh_hans="新的内容。"))
    with translation.override("zh-hans"):
        response = editor_client.post(change_url(issue), stale, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "其他人" in response.content.decode()
    assert Issue.objects.get(pk=issue.pk).solution_zh_hans == "新的内容。"


def test_the_current_form_saves(editor_client, guide):
    issue = Issue.objects.get(slug="account")
    editor_client.post(change_url(issue), issue_form(issue, solution_en="First."))
    issue.refresh_from_db()
    assert (
        editor_client.post(change_url(issue), issue_form(issue, solution_en="Second.")).status_code
        == 302
    )


def test_windows_line_endings_are_not_a_change(editor_client, guide):
    issue = Issue.objects.get(slug="returns")
    assert "\n" in issue.problems_zh_hans
    data = issue_form(issue, problems_zh_hans=issue.problems_zh_hans.replace("\n", "\r\n"))
    assert editor_client.post(change_url(issue), data).status_code == 302
    entry = LogEntry.objects.filter(object_id=str(issue.pk)).latest("pk")
    assert entry.get_change_message() in ("No fields changed.", "没有字段被修改。")
    assert "\r" not in Issue.objects.get(pk=issue.pk).problems_zh_hans


def test_history_compares_two_revisions_in_both_languages(editor_client, guide):
    issue = Issue.objects.get(slug="account")
    editor_client.post(change_url(issue), issue_form(issue, solution_en="Version one."))
    issue.refresh_from_db()
    editor_client.post(
        change_url(issue),
        issue_form(issue, solution_en="Version two.", solution_zh_hans="第二版。"),
    )
    new, old = Version.objects.get_for_object(issue)[:2]
    history = editor_client.get(f"/admin/faq/issue/{issue.pk}/history/").content.decode()
    assert 'name="old"' in history and "compare/" in history
    page = editor_client.get(
        f"/admin/faq/issue/{issue.pk}/history/compare/", {"old": old.pk, "new": new.pk}
    ).content.decode()
    assert "Version one." in page and "Version two." in page and "第二版。" in page
    assert (
        "Version one."
        not in editor_client.get(
            f"/admin/faq/issue/{issue.pk}/history/compare/", {"old": new.pk, "new": new.pk}
        ).content.decode()
    )


@pytest.mark.parametrize(
    "query", [{"old": "abc", "new": "1"}, {"old": "1", "new": "x"}, {"old": "1.5"}, {}]
)
def test_comparing_with_a_malformed_revision_is_not_found(editor_client, guide, query):
    issue = Issue.objects.get(slug="account")
    url = f"/admin/faq/issue/{issue.pk}/history/compare/"
    assert editor_client.get(url, query).status_code == 404


def test_comparing_revisions_of_a_missing_entry_is_not_found(editor_client, guide):
    response = editor_client.get("/admin/faq/issue/999999/history/compare/", {"old": 1, "new": 2})
    assert response.status_code == 404


def test_a_channels_revision_holds_its_steps_and_notes(editor_client, guide):
    from faq.models import Channel

    channel = Channel.objects.get(slug="phone")
    url = f"/admin/faq/channel/{channel.pk}/change/"
    editor_client.post(url, channel_form(editor_client, url))
    version = Version.objects.get_for_object(channel).first()
    parts = {v._model._meta.model_name for v in version.revision.version_set.all()}
    assert parts == {"channel", "channelstep", "channelnote"}


def test_restoring_an_old_revision_is_searchable_at_once(
    editor_client, search_index, django_capture_on_commit_callbacks
):
    issue = Issue.objects.get(slug="account")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(change_url(issue), issue_form(issue, solution_en="Ask a quokka."))
    issue.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(change_url(issue), issue_form(issue, solution_en="Ask a wombat."))
    assert found("quokka") == []
    old = Version.objects.get_for_object(issue)[1]
    revision_url = f"/admin/faq/issue/{issue.pk}/history/{old.pk}/"
    assert "Ask a quokka." in editor_client.get(revision_url).content.decode()
    assert found("wombat") == [("issue", "account")]  # looking changed nothing

    restored = old._object_version.object
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(revision_url, issue_form(restored))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Issue.objects.get(pk=issue.pk).solution_en == "Ask a quokka."
    assert found("quokka") == [("issue", "account")]
    assert found("wombat") == []
    assert not consistency.compare()


def test_a_restore_is_dated_when_it_was_made(editor_client, guide):
    call_command("createinitialrevisions", "faq.Issue", verbosity=0)  # the fixture's text
    issue = Issue.objects.get(slug="returns")
    editor_client.post(change_url(issue), issue_form(issue, title_en="Returns, refunds, swaps"))
    issue.refresh_from_db()
    edited_at = issue.updated_at
    first = Version.objects.get_for_object(issue).last()  # the fixture's text, dated then
    assert first.field_dict["title_en"] != "Returns, refunds, swaps"

    response = editor_client.post(
        f"/admin/faq/issue/{issue.pk}/history/{first.pk}/",
        issue_form(first._object_version.object),
    )

    assert response.status_code == 302
    restored = Issue.objects.get(pk=issue.pk)
    assert restored.title_en == first.field_dict["title_en"]
    assert restored.updated_at > edited_at  # the feed, the sitemap and "recent" see it
    assert Version.objects.get_for_object(issue).count() == 3


def test_a_view_only_user_cannot_restore(client, guide, django_user_model):
    from django.contrib.auth.models import Permission

    tip = Tip.objects.get(slug="prepare")
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_tip"))
    client.force_login(viewer)
    import reversion

    with reversion.create_revision():
        tip.save()
    version = Version.objects.get_for_object(tip).first()
    response = client.post(f"/admin/faq/tip/{tip.pk}/history/{version.pk}/", {"title_en": "x"})
    assert response.status_code == 403
    assert Tip.objects.get(pk=tip.pk).title_en != "x"


def channel_form(client, url) -> dict:
    """Return a change form's fields as the browser would send them."""
    from tests.nodes import _FormFields

    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    return dict(parser.fields)


def test_saving_an_unchanged_entry_keeps_its_version(editor_client, guide):
    # Saving without a change moved the version on, and another editor's open form (or
    # the same editor's other tab) was then refused as stale.
    issue = Issue.objects.get(slug="account")
    opened_elsewhere = issue_form(issue, solution_en="Written in another tab.")
    assert editor_client.post(change_url(issue), issue_form(issue)).status_code == 302
    assert Issue.objects.get(pk=issue.pk).updated_at == issue.updated_at
    assert editor_client.post(change_url(issue), opened_elsewhere).status_code == 302
    assert Issue.objects.get(pk=issue.pk).solution_en == "Written in another tab."


def test_a_changed_inline_alone_still_saves_the_entry(editor_client, guide):
    issue = Issue.objects.get(slug="account")
    form = issue_form(issue)
    form["channel_links-0-order"] = issue.channel_links.first().order + 7
    assert editor_client.post(change_url(issue), form).status_code == 302
    assert Issue.objects.get(pk=issue.pk).updated_at > issue.updated_at
