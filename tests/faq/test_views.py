"""Every answer page, in both languages."""

import re

import pytest
from django.utils import translation
from django.utils.html import escape

from faq.models import Channel, Issue, Section, Tip
from tests.factories import ChannelFactory, IssueChannelFactory, IssueFactory, TipFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "en"]
URL_PREFIXES = {Section: "guide", Channel: "channels", Issue: "issues", Tip: "tips"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_answers_at_its_contract_url_in_the_language(client, all_entries, lang):
    for entry in all_entries:
        url = f"/{lang}/{URL_PREFIXES[type(entry)]}/{entry.slug}/"
        response = client.get(url)
        assert response.status_code == 200, url
        with translation.override(lang):
            assert f"<h1>{escape(entry.title)}</h1>" in response.content.decode(), url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_issue_page_links_to_each_recommended_channel(client, guide, lang):
    for issue in Issue.objects.all():
        html = client.get(f"/{lang}/issues/{issue.slug}/").content.decode()
        for channel in issue.recommended_channels.all():
            assert f'href="/{lang}/channels/{channel.slug}/"' in html


def test_issue_page_shows_solution_and_what_to_prepare(client, guide):
    html = client.get("/en/issues/shipping/").content.decode()
    assert "tracking number" in html
    assert "The tracking number" in html
    assert "How to contact customer service about this" in html


def test_channel_page_lists_steps_in_order_then_notes(client, guide):
    html = client.get("/zh-hans/channels/phone/").content.decode()
    steps = re.findall(r'<li class="step">\s*<h3>(.*?)</h3>', html)
    assert len(steps) == 9
    assert steps[0] == "登录您的亚马逊账户"
    assert "立即联系我" in steps[6]
    assert html.index("确保您的电话信号良好") > html.index(steps[-1])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_lists_channels_issues_and_tips(client, guide, lang):
    html = client.get(f"/{lang}/").content.decode()
    for model in (Channel, Issue, Tip):
        for entry in model.objects.all():
            assert f'href="/{lang}/{URL_PREFIXES[model]}/{entry.slug}/"' in html


def test_root_redirects_by_browser_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"


def test_language_switcher_stays_on_the_same_entry(client, guide):
    html = client.get("/zh-hans/channels/email/").content.decode()
    assert 'href="/en/channels/email/"' in html
    html = client.get("/en/tips/escalate/").content.decode()
    assert 'href="/zh-hans/tips/escalate/"' in html


@pytest.mark.parametrize("lang, html_lang", [("zh-hans", "zh-Hans"), ("en", "en")])
def test_pages_declare_their_language_and_translate_the_ui(client, guide, lang, html_lang):
    html = client.get(f"/{lang}/issues/returns/").content.decode()
    assert f'<html lang="{html_lang}">' in html
    expected = "如何就此问题联系客服" if lang == "zh-hans" else "How to contact customer service"
    assert expected in html


def test_blank_english_content_falls_back_to_chinese_on_the_page(client):
    TipFactory(slug="only-chinese", title_zh_hans="只有中文", title_en="", body_en="")
    html = client.get("/en/tips/only-chinese/").content.decode()
    assert "<h1>只有中文</h1>" in html


def test_unpublished_entries_are_nowhere_public(client):
    IssueFactory(slug="hidden", title_en="Secret problem", is_published=False)
    hidden_channel = ChannelFactory(slug="secret-line", name_en="Secret line", is_published=False)
    shown = IssueFactory(slug="shown")
    IssueChannelFactory(issue=shown, channel=hidden_channel)
    assert client.get("/en/issues/hidden/").status_code == 404
    assert client.get("/en/channels/secret-line/").status_code == 404
    for url in ("/en/", "/en/issues/shown/"):
        html = client.get(url).content.decode()
        assert "Secret problem" not in html
        assert "Secret line" not in html


def test_unknown_slug_is_404(client, guide):
    assert client.get("/en/issues/no-such-thing/").status_code == 404


def test_an_edit_shows_on_the_page_at_once(client, guide):
    assert "Order problems" in client.get("/en/issues/orders/").content.decode()
    Issue.objects.filter(slug="orders").update(title_en="Problems with an order")
    assert "Problems with an order" in client.get("/en/issues/orders/").content.decode()


def test_content_is_escaped(client):
    TipFactory(
        slug="x", title_en="<script>alert(1)</script>", body_en='"><img src=x onerror=alert(1)>'
    )
    html = client.get("/en/tips/x/").content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("url", ["/en/", "/zh-hans/channels/live-chat/", "/en/issues/returns/"])
def test_pages_load_nothing_from_another_host(client, guide, url):
    html = client.get(url).content.decode()
    # What a browser loads: src attributes and <link> elements. Links a visitor may follow
    # (an address in a step, "https://www.amazon.com/…") are not loads.
    assets = re.findall(r'src="([^"]+)"', html) + re.findall(r'<link [^>]*href="([^"]+)"', html)
    # Canonical and hreflang links are absolute (search engines ask for it): this host only.
    same_site = ("http://testserver/", "#", "data:")
    assets = [a for a in assets if a.startswith("//") or not a.startswith(("/", *same_site))]
    assert assets == []
    assert re.findall(r'<link [^>]*href="[^"]+"', html)  # the stylesheet, at least


def test_links_to_other_sites_are_only_the_addresses_editors_wrote(client, guide):
    html = client.get("/zh-hans/channels/live-chat/").content.decode()
    links = re.findall(r'<a href="(https?://[^"]+)"', html)
    assert links and all(link.startswith("https://www.amazon.com/") for link in links)


@pytest.mark.parametrize(
    "path", ["/en/", "/zh-hans/issues/returns/", "/en/channels/phone/", "/en/tips/escalate/"]
)
def test_head_answers_like_get_without_a_body(client, guide, path):
    response = client.head(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.content == b""


def test_home_shows_a_few_of_each_kind_and_links_to_the_full_lists(client, guide):
    TipFactory.create_batch(30)
    html = client.get("/en/").content.decode()
    assert len(re.findall(r'href="/en/tips/[^"/]+/"', html)) <= 12 + 5  # tips + recently updated
    assert 'href="/en/tips/"' in html
    assert 'href="/en/recent/"' in html


def test_kind_lists_are_paginated(client, guide):
    TipFactory.create_batch(30)
    total = Tip.objects.published().count()
    first = client.get("/en/tips/").content.decode()
    second = client.get("/en/tips/", {"page": "2"}).content.decode()
    entries = re.compile(r'<li><a href="(/en/tips/[^"/]+/)"')
    assert len(entries.findall(first)) == 20
    assert len(entries.findall(second)) == total - 20
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert client.get("/en/tips/", {"page": "²"}).status_code == 200


@pytest.mark.parametrize("path", ["/en/issues/", "/zh-hans/channels/", "/en/guide/", "/en/recent/"])
def test_list_pages_answer_in_both_languages(client, guide, path):
    response = client.get(path)
    assert response.status_code == 200
    assert re.search(r'<li><a href="/(en|zh-hans)/\w+/[\w-]+/"', response.content.decode())


def test_the_recent_list_says_when_each_entry_was_updated(client, guide):
    Issue.objects.filter(slug="returns").update(updated_at="2026-11-28T09:30:00Z")
    html = client.get("/en/recent/").content.decode()
    stamp = '<time class="updated" datetime="2026-11-28T09:30:00+00:00">updated Nov. 28, 2026'
    assert stamp in html
    assert html.index("/en/issues/returns/") < html.index("/en/issues/shipping/")
    assert "<time" not in client.get("/en/issues/").content.decode()  # the other lists: no dates


def test_an_empty_list_says_so(client, guide):
    # A fresh site has no questions (fixtures/examples/ holds some, loaded on request).
    html = client.get("/en/questions/").content.decode()
    assert "Nothing has been published here yet." in html
    assert "<ul" not in html.split("<h1>", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize(
    "path",
    ["/en/issues/", "/en/recent/", "/en/feed/", "/sitemap.xml", "/robots.txt", "/en/api/"],
)
def test_head_works_on_every_other_public_address(client, guide, path):
    get = client.get(path)
    head = client.head(path)
    assert get.status_code == head.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


@pytest.mark.parametrize("lang", ["en", "zh-hans", "zh-hant"])
def test_a_list_s_excerpt_drops_the_dashes_of_list_items(client, guide, lang):
    # The channels overview lists the channels one per "- " line: its excerpt read
    # "…方式： - 在线聊天…" on the guide's list page, and its meta description too.
    for url in (f"/{lang}/guide/", f"/{lang}/guide/channels-overview/"):
        html = client.get(url).content.decode()
        assert not re.search(r"[:：]\s+- ", html), url
