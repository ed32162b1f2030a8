"""Content (or a query) carrying markup is shown as text everywhere it appears.

An editor's account can be stolen, and editors paste from anywhere: nothing they write may
run in a visitor's browser. Every place content is shown is fetched here: the pages in both
languages, result snippets, the APIs, the admin and the query log.
"""

import json
import re

import pytest
from django.core.management import call_command

from tests.factories import (
    ChannelFactory,
    ChannelNoteFactory,
    ChannelStepFactory,
    IssueChannelFactory,
    IssueFactory,
    SectionFactory,
    TipFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'
TEMPLATE = "{{ 7|add:7 }}{% now 'Y' %}"
PAYLOAD = f"xylophone {SCRIPT} {ATTRIBUTE} {TEMPLATE}"
LANGS = ("zh-hans", "en")


def hostile(**fields):
    """Return the payload in both languages for each named field."""
    return {f"{name}_{suffix}": PAYLOAD for name in fields for suffix in ("zh_hans", "en")}


@pytest.fixture
def entries(db):
    channel = ChannelFactory(
        slug="bad-channel",
        **hostile(name=1, title=1, when_to_use=1, intro=1, response_time=1),
    )
    ChannelStepFactory(channel=channel, **hostile(title=1, body=1))
    ChannelNoteFactory(channel=channel, **hostile(text=1))
    issue = IssueFactory(slug="bad-issue", **hostile(title=1, problems=1, solution=1, prepare=1))
    IssueChannelFactory(issue=issue, channel=channel)
    TipFactory(slug="bad-tip", **hostile(title=1, body=1))
    SectionFactory(slug="bad-section", **hostile(title=1, body=1))
    call_command("rebuild_index", interactive=False, verbosity=0)
    return {"channel": channel, "issue": issue}


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def assert_shown_as_text(html: str, where: str) -> None:
    # JSON-LD data blocks carry the text as JSON strings, with every < > & escaped: they
    # must parse back to the payload, and then are left out of the checks on markup.
    for block in JSON_LD.findall(html):
        assert "<" not in block and ">" not in block, where
        json.loads(block)
    html = JSON_LD.sub("", html)
    assert SCRIPT not in html, where
    assert "<img src=x" not in html, where
    assert "onerror=alert" not in html.replace("onerror=alert(2)&gt;", ""), where
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, where
    # Template syntax is never evaluated: it reaches the page as the characters typed.
    assert "{{ 7|add:7 }}" in html, where


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_shows_hostile_content_as_text(client, entries, lang):
    for path in (
        "",
        "channels/bad-channel/",
        "issues/bad-issue/",
        "tips/bad-tip/",
        "guide/bad-section/",
        "search/?q=xylophone",
    ):
        response = client.get(f"/{lang}/{path}")
        assert response.status_code == 200, path
        assert_shown_as_text(response.content.decode(), path)


@pytest.mark.parametrize("lang", LANGS)
def test_snippets_carry_no_markup_but_mark(client, entries, lang):
    results = client.get("/api/search/", {"q": "xylophone alert", "lang": lang}).json()["results"]
    assert {result["slug"] for result in results} >= {"bad-issue", "bad-channel", "bad-tip"}
    for result in results:
        assert "<" not in re.sub(r"</?mark>", "", result["snippet"]), result["snippet"]
        assert "&lt;script&gt;" in result["snippet"] or "script" not in result["snippet"]


def test_suggestions_are_data_for_text_nodes(client, entries):
    # JSON carries text; autocomplete.js puts it in the page with textContent only.
    suggestions = client.get("/api/suggest/", {"q": "xylo", "lang": "en"}).json()["suggestions"]
    assert any(SCRIPT in suggestion["text"] for suggestion in suggestions)
    assert "innerHTML" not in (client.get("/static/js/autocomplete.js").getvalue().decode())


def test_a_hostile_query_is_echoed_as_text(client, entries):
    for lang in LANGS:
        response = client.get(f"/{lang}/search/", {"q": f"{SCRIPT} {ATTRIBUTE}"})
        html = response.content.decode()
        assert SCRIPT not in html and "<img src=x" not in html


def test_the_admin_shows_hostile_content_and_queries_as_text(editor_client, entries):
    editor_client.get("/en/search/", {"q": PAYLOAD})  # lands in the query log
    issue, channel = entries["issue"], entries["channel"]
    for path in (
        "/admin/faq/issue/",
        f"/admin/faq/issue/{issue.pk}/change/",
        "/admin/faq/channel/",
        f"/admin/faq/channel/{channel.pk}/change/",
        "/admin/search/querylog/",
    ):
        response = editor_client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert SCRIPT not in html, path
        assert "<img src=x" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
