""" "Was this helpful?" on every answer page: plain form, one vote per visitor and day."""

import pytest
from django.test import Client

from faq.models import Feedback

pytestmark = pytest.mark.django_db

PAGES = ["/en/issues/returns/", "/zh-hans/channels/phone/", "/en/tips/prepare/", "/en/guide/intro/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_answer_page_asks_with_a_plain_csrf_protected_form(client, guide, url):
    html = client.get(url).content.decode()
    assert 'id="feedback"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html


def test_yes_is_recorded_and_thanked(client, guide):
    response = client.post("/en/feedback/issue/returns/", {"helpful": "yes"})
    assert response["Location"] == "/en/issues/returns/?feedback=thanks#feedback"
    vote = Feedback.objects.get()
    assert (vote.kind, vote.slug, vote.helpful, vote.lang) == ("issue", "returns", True, "en")
    assert "Thank you for your feedback." in client.get(response["Location"]).content.decode()


def test_no_then_an_optional_comment_capped_in_length(client, guide):
    response = client.post("/en/feedback/issue/returns/", {"helpful": "no"})
    assert response["Location"] == "/en/issues/returns/?feedback=no#feedback"
    assert 'name="comment"' in client.get(response["Location"]).content.decode()
    client.post("/en/feedback/issue/returns/", {"helpful": "no", "comment": "x" * 5000})
    vote = Feedback.objects.get()
    assert vote.helpful is False
    assert len(vote.comment) == 1000


def test_one_vote_per_visitor_per_entry_per_day(client, guide):
    for answer in ("yes", "no", "yes"):
        client.post("/en/feedback/issue/returns/", {"helpful": answer})
    client.post("/en/feedback/tip/prepare/", {"helpful": "yes"})
    assert Feedback.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.9")
    other.post("/en/feedback/issue/returns/", {"helpful": "no"})
    assert Feedback.objects.filter(slug="returns").count() == 2


def test_changing_a_no_to_yes_takes_its_comment_back(client, guide):
    client.post("/en/feedback/tip/prepare/", {"helpful": "no"})
    client.post("/en/feedback/tip/prepare/", {"helpful": "no", "comment": "Too vague."})
    client.post("/zh-hant/feedback/tip/prepare/", {"helpful": "no"})  # voting No again keeps it
    assert Feedback.objects.get(slug="prepare").comment == "Too vague."
    client.post("/zh-hant/feedback/tip/prepare/", {"helpful": "yes"})
    vote = Feedback.objects.get(slug="prepare")
    assert (vote.helpful, vote.comment) == (True, "")


def test_without_a_csrf_token_the_vote_is_refused(guide):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/en/feedback/issue/returns/", {"helpful": "yes"}).status_code == 403
    assert not Feedback.objects.exists()


def test_unknown_or_unpublished_entries_take_no_vote(client, guide):
    from faq.models import Tip

    Tip.objects.filter(slug="prepare").update(is_published=False)
    assert client.post("/en/feedback/tip/prepare/", {"helpful": "yes"}).status_code == 404
    assert client.post("/en/feedback/nope/prepare/", {"helpful": "yes"}).status_code == 404
    assert client.get("/en/feedback/issue/returns/").status_code == 405


def test_comments_are_shown_escaped_in_the_admin(client, editor_client, guide):
    client.post("/en/feedback/issue/returns/", {"helpful": "no", "comment": "<script>x()</script>"})
    html = editor_client.get("/admin/faq/feedback/").content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;" in html and "<script>x()" not in html
