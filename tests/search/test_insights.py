"""The insights page: a vote and a click show up; a failed query becomes a synonym set."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client

from search.models import SynonymSet

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36"


@pytest.fixture
def visitor():
    return Client(HTTP_USER_AGENT=BROWSER)


def insights(editor_client, days=7) -> str:
    assert editor_client.post("/admin/search/queryday/").status_code == 302  # "Sum up today now"
    response = editor_client.get(
        "/admin/search/queryday/", {"days": days}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def test_a_search_a_click_and_a_vote_are_shown(editor_client, visitor, search_index):
    visitor.get("/en/search/", {"q": "gift card"})
    visitor.get("/en/search/", {"q": "flibbertigibbet"})
    visitor.get("/en/search/", {"q": "refund"})
    visitor.post("/r/?q=gift%20card&lang=en&kind=issue&slug=gift-cards&pos=1")
    visitor.post("/en/feedback/issue/gift-cards/", {"helpful": "no"})
    visitor.post("/en/feedback/issue/gift-cards/", {"helpful": "no", "comment": "<b>Too short</b>"})
    html = insights(editor_client)
    top = section(html, "top-queries")
    assert "gift card" in top and "flibbertigibbet" in top
    assert "flibbertigibbet" in section(html, "no-results")
    assert "gift card" not in section(html, "no-results")
    no_clicks = section(html, "no-clicks")
    assert "refund" in no_clicks and "gift card" not in no_clicks
    helpful = section(html, "least-helpful")
    assert "Gift card problems" in helpful
    assert "&lt;b&gt;Too short&lt;/b&gt;" in helpful
    assert insights(editor_client, days=30).count("flibbertigibbet") >= 2


def test_editors_searches_are_counted_apart(editor_client, search_index):
    editor_client.get("/en/search/", {"q": "quokkas"})
    html = insights(editor_client)
    assert "quokkas" not in section(html, "top-queries")
    assert "staff (logged in)" in section(html, "audiences")


def test_a_failed_query_becomes_a_synonym_set_the_next_search_uses(
    editor_client, visitor, search_index
):
    visitor.get("/en/search/", {"q": "zorblax"})
    assert visitor.get("/api/search/", {"q": "zorblax", "lang": "en"}).json()["total"] == 0
    html = section(insights(editor_client), "no-results")
    link = html[html.index("/admin/search/synonymset/add/?terms=") :].split('"')[0]
    form = editor_client.get(link.replace("&amp;", "&")).content.decode()
    assert "zorblax" in form
    editor_client.post(
        "/admin/search/synonymset/add/", {"terms": "zorblax, refund", "is_active": "on"}
    )
    assert SynonymSet.objects.filter(terms__contains="zorblax").exists()
    answer = visitor.get("/api/search/", {"q": "zorblax", "lang": "en"}).json()
    assert answer["results"][0]["slug"] == "returns"


def test_the_best_bet_link_prefills_the_query(editor_client, visitor, search_index):
    visitor.get("/en/search/", {"q": "flibbertigibbet"})
    html = section(insights(editor_client), "no-results")
    assert "/admin/search/bestbet/add/?query=flibbertigibbet" in html
    form = editor_client.get("/admin/search/bestbet/add/?query=flibbertigibbet").content.decode()
    assert 'value="flibbertigibbet"' in form


def test_insights_need_the_view_permission(client, django_user_model, db):
    staff = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/search/queryday/").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_queryday"))
    assert client.get("/admin/search/queryday/").status_code == 200
    call_command("maintain_query_log", stdout=io.StringIO())


def test_a_long_query_is_shown_short_and_its_actions_keep_it_whole(
    editor_client, visitor, search_index
):
    long_query = "x" * 180
    visitor.get("/en/search/", {"q": long_query})
    html = insights(editor_client)
    top = section(html, "top-queries")
    assert f">{'x' * 79}…</th>" in top  # the table keeps its width
    assert f'title="{long_query}"' in top  # the whole query on hover
    assert f"?q={long_query}" in top  # and searched whole
    assert "css/admin-insights.css" in html
