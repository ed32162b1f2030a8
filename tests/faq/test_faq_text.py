"""Editors' plain text as HTML: escaped, paragraphs and lists, web addresses as links."""

import pytest

from faq.templatetags.faq_text import linked, paragraphs

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "或者直接访问 https://www.amazon.com/gp/help/customer/display.html。",
            '或者直接访问 <a href="https://www.amazon.com/gp/help/customer/display.html"'
            ' rel="nofollow noopener">https://www.amazon.com/gp/help/customer/display.html</a>。',
        ),
        (
            "go straight to https://example.com/a?b=1&c=2.",
            'go straight to <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener">'
            "https://example.com/a?b=1&amp;c=2</a>.",
        ),
        (
            "(see https://example.com/x)",
            '(see <a href="https://example.com/x" rel="nofollow noopener">https://example.com/x</a>)',
        ),
        ("no address here <b>", "no address here &lt;b&gt;"),
        ("javascript:alert(1) ftp://x.example", "javascript:alert(1) ftp://x.example"),
    ],
)
def test_web_addresses_become_links_and_everything_else_is_escaped(text, html):
    assert linked(text) == html


def test_an_address_cannot_break_out_of_the_attribute():
    html = linked("https://x.example/'onmouseover='alert(1)")
    assert "'onmouseover" not in html
    assert "&#x27;onmouseover=&#x27;alert(1" in html


def test_paragraphs_and_lists_link_addresses_too():
    html = paragraphs("Open https://a.example/\n\n- or https://b.example/")
    assert '<p>Open <a href="https://a.example/"' in html
    assert '<li>or <a href="https://b.example/"' in html


def test_steps_on_a_channel_page_link_their_addresses(client, guide):
    html = client.get("/zh-hans/channels/phone/").content.decode()
    assert '<a href="https://www.amazon.com/gp/help/customer/display.html"' in html
