"""What search engines read: JSON-LD, canonical and hreflang links, sitemap.xml, robots.txt,
the Atom feed."""

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import extruct
import pytest
from django.conf import settings
from lxml import etree

from faq.kinds import entry_models
from faq.models import Channel, Issue, Tip
from tests.factories import TipFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SCHEMAS = Path(__file__).parent / "sitemap_schema"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def json_ld(client, path: str) -> dict[str, dict]:
    """Return the page's JSON-LD items by @type, as extruct reads them."""
    html = client.get(path).content.decode()
    items = extruct.extract(html, base_url="http://testserver" + path, syntaxes=["json-ld"])
    return {item["@type"]: item for item in items["json-ld"]}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_issue_page_is_an_faq_page_of_its_problems(client, guide, lang):
    for issue in Issue.objects.all():
        data = json_ld(client, f"/{lang}/issues/{issue.slug}/")["FAQPage"]
        assert data["@context"] == "https://schema.org"
        questions = data["mainEntity"]
        assert len(questions) == len(issue.problem_list()) > 0
        for question in questions:
            assert question["@type"] == "Question"
            assert question["name"].strip()
            assert question["acceptedAnswer"]["@type"] == "Answer"
            assert question["acceptedAnswer"]["text"].strip()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_channel_page_is_a_how_to_with_its_numbered_steps(client, guide, lang):
    for channel in Channel.objects.all():
        data = json_ld(client, f"/{lang}/channels/{channel.slug}/")["HowTo"]
        assert data["name"].strip()
        steps = data["step"]
        assert [step["position"] for step in steps] == list(range(1, channel.steps.count() + 1))
        for step in steps:
            assert step["@type"] == "HowToStep"
            assert step["text"].strip() and step["name"].strip()


def test_the_how_to_is_in_the_pages_language(client, guide):
    assert json_ld(client, "/zh-hans/channels/phone/")["HowTo"]["step"][0]["name"] == (
        "登录您的亚马逊账户"
    )
    assert json_ld(client, "/en/channels/phone/")["HowTo"]["step"][0]["name"] == (
        "Sign in to your Amazon account"
    )


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/en/", ["Home"]),
        ("/en/issues/", ["Home", "Common problems"]),
        ("/en/issues/returns/", ["Home", "Common problems", "Returns and refunds"]),
        ("/zh-hans/tips/escalate/", ["首页", None, None]),
        ("/en/search/?q=refund", ["Home"]),
    ],
)
def test_every_page_has_a_breadcrumb_list_with_absolute_links(client, guide, path, names):
    items = json_ld(client, path)["BreadcrumbList"]["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(names) + 1))
    for item, name in zip(items, names, strict=True):
        assert item["item"].startswith("http://testserver/")
        assert name is None or item["name"] == name


def test_the_breadcrumbs_middle_level_links_to_the_list_of_its_kind(client, guide):
    html = client.get("/en/tips/escalate/").content.decode()
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', trail) == ["/en/", "/en/tips/"]
    assert client.get("/en/tips/").status_code == 200


def test_json_ld_cannot_be_closed_by_content(client, db):
    TipFactory(slug="x", title_en="</script><script>alert(1)</script>", body_en="b")
    html = client.get("/en/tips/x/").content.decode()
    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_head_has_absolute_canonical_and_hreflang_links_with_x_default(client, guide, lang):
    html = client.get(f"/{lang}/issues/returns/").content.decode()
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    assert canonical == [f"http://testserver/{lang}/issues/returns/"]
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert alternates == {
        "zh-Hans": "http://testserver/zh-hans/issues/returns/",
        "en": "http://testserver/en/issues/returns/",
        "zh-Hant": "http://testserver/zh-hant/issues/returns/",
        "x-default": "http://testserver/issues/returns/",
    }
    # x-default picks the language from the browser.
    response = client.get("/issues/returns/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/en/issues/returns/"


def test_open_graph_and_description(client, guide):
    html = client.get("/en/channels/phone/").content.decode()
    og = dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)">', html))
    assert og["title"] == "How to contact Amazon customer service by phone"
    assert og["url"] == "http://testserver/en/channels/phone/"
    assert og["locale"] == "en_US" and og["type"] == "article"
    assert og["description"].strip()
    assert re.search(r'<meta name="description" content="[^"]+">', html)


def test_a_missing_page_is_not_indexed_and_names_no_canonical(client, guide):
    html = client.get("/en/issues/nothing-here/").content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


def sitemap_urls(client) -> list[etree._Element]:
    """Follow sitemap.xml (an index) to every sitemap; validate each; return their <url>s."""
    index = etree.fromstring(client.get("/sitemap.xml").content)
    etree.XMLSchema(etree.parse(SCHEMAS / "siteindex.xsd")).assertValid(index)
    urlset_schema = etree.XMLSchema(etree.parse(SCHEMAS / "sitemap-with-alternates.xsd"))
    urls = []
    for loc in index.xpath("//s:sitemap/s:loc/text()", namespaces=NS):
        response = client.get(urlsplit(loc).path, {"p": urlsplit(loc).query[2:] or 1})
        assert response.status_code == 200, loc
        urlset = etree.fromstring(response.content)
        urlset_schema.assertValid(urlset)
        urls += urlset.xpath("//s:url", namespaces=NS)
    return urls


def test_the_sitemap_lists_every_published_page_once_per_language(client, guide):
    TipFactory(slug="draft", is_published=False)
    urls = sitemap_urls(client)
    locations = Counter(url.findtext("s:loc", namespaces=NS) for url in urls)
    assert max(locations.values()) == 1
    for model in entry_models().values():
        for entry in model.objects.published():
            for lang in LANGUAGES:
                path = f"/{lang}{entry.get_absolute_url()[len('/zh-hans') :]}"
                assert f"http://testserver{path}" in locations, path
    assert not any("/draft/" in location for location in locations)
    assert "http://testserver/en/" in locations and "http://testserver/zh-hans/" in locations
    published = sum(model.objects.published().count() for model in entry_models().values())
    assert len(locations) == len(LANGUAGES) * (published + 2 + len(entry_models()))


def test_each_sitemap_url_has_lastmod_and_its_alternates(client, guide):
    for url in sitemap_urls(client):
        location = url.findtext("s:loc", namespaces=NS)
        links = url.findall("x:link", namespaces=NS)
        hreflangs = {link.get("hreflang"): link.get("href") for link in links}
        assert set(hreflangs) == {*LANGUAGES, "x-default"}, location
        assert location in hreflangs.values()
        if "/issues/" in location and not location.endswith("/issues/"):
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", url.findtext("s:lastmod", namespaces=NS))


def test_a_large_sitemap_is_split_into_pages(client, guide, monkeypatch):
    # An odd size: a file may end between an entry's two languages.
    monkeypatch.setattr("faq.sitemaps.EntrySitemap.limit", 3)
    index = etree.fromstring(client.get("/sitemap.xml").content)
    tip_maps = [u for u in index.xpath("//s:loc/text()", namespaces=NS) if "sitemap-tip" in u]
    assert len(tip_maps) == -(-len(LANGUAGES) * Tip.objects.count() // 3)
    locations = [url.findtext("s:loc", namespaces=NS) for url in sitemap_urls(client)]
    assert (
        len(set(locations))
        == len(locations)
        == len(LANGUAGES)
        * (
            sum(model.objects.published().count() for model in entry_models().values())
            + 2
            + len(entry_models())
        )
    )


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert {"Disallow: /admin/", "Disallow: /en/search/", "Disallow: /zh-hans/search/"} <= set(
        lines
    )


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Returns and refunds"), ("zh-hans", "退换货问题")]
)
def test_the_atom_feed_lists_recent_entries_in_its_language(client, guide, lang, title):
    response = client.get(f"/{lang}/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    atom = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    titles = feed.xpath("//a:entry/a:title/text()", namespaces=atom)
    assert title in titles
    assert len(titles) <= 20
    assert all(
        u.startswith("http://testserver/") for u in feed.xpath("//a:link/@href", namespaces=atom)
    )
    ids = feed.xpath("//a:entry/a:id/text()", namespaces=atom)  # absolute IRIs (RFC 4287)
    assert ids and all(i.startswith(f"http://testserver/{lang}/") for i in ids)
