"""The language switcher: links to this page in the other languages, on this site only."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def language_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return re.findall(r'href="([^"]*)"', nav)


def in_other_languages(path: str) -> list[str]:
    """Return the path (without its language) in every language but `current`."""
    current, rest = path.split("/", 2)[1:]
    return [f"/{code}/{rest}" for code, _name in settings.LANGUAGES if code != current]


def alternate_links(html: str) -> list[str]:
    return re.findall(r'<link rel="alternate" hreflang="[^"]+" href="([^"]*)"', html)


@pytest.mark.parametrize(
    "path", ["//evil.example/path", "//evil.example/en/", "/en//evil.example/"]
)
def test_a_missing_page_never_links_to_another_host(client, guide, path):
    # PATH_INFO as a server passes it: the test client would read "//host" as a host.
    response = client.get("/", PATH_INFO=path)
    assert response.status_code == 404
    html = response.content.decode()
    homes = [f"/{code}/" for code, _name in settings.LANGUAGES]
    assert len(language_links(html)) == len(homes) - 1 and set(language_links(html)) < set(homes)
    assert "evil.example" not in " ".join(language_links(html) + alternate_links(html))


def test_a_missing_entry_links_to_the_same_address_in_the_other_language(client, guide):
    html = client.get("/en/issues/no-such-issue/").content.decode()
    assert language_links(html) == in_other_languages("/en/issues/no-such-issue/")


@pytest.mark.parametrize(
    ("path", "other"),
    [
        ("/en/issues/returns/", "/zh-hans/issues/returns/"),
        ("/zh-hans/channels/phone/", "/en/channels/phone/"),
        ("/en/", "/zh-hans/"),
        ("/en/search/?q=refund&kind=issue", "/zh-hans/search/?q=refund&amp;kind=issue"),
    ],
)
def test_the_link_is_the_same_page_in_the_other_language(client, guide, path, other):
    links = language_links(client.get(path).content.decode())
    assert other in links
    assert links == [link.replace("&", "&amp;") for link in in_other_languages(path)]


def test_an_overlong_query_string_is_not_kept(client, guide):
    html = client.get("/en/search/", {"q": "x" * 5000}).content.decode()
    assert language_links(html) == in_other_languages("/en/search/")
