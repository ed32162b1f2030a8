"""The search page /<lang>/search/."""

import re

import pytest

pytestmark = pytest.mark.django_db


def page(client, lang="en", **params):
    return client.get(f"/{lang}/search/", params)


def test_results_have_kind_labels_snippets_and_the_query_stays_in_the_box(client, search_index):
    html = page(client, q="lost package").content.decode()
    assert 'value="lost package"' in html
    assert "<mark>package</mark>" in html
    assert 'class="kind kind-issue">Problem<' in html
    assert 'href="/en/issues/shipping/"' in html


def test_issue_results_link_straight_to_their_first_channel(client, search_index):
    html = page(client, "zh-hans", q="退款未到账").content.decode()
    assert re.search(r'href="/zh-hans/channels/live-chat/">联系：在线聊天', html)


def test_kind_filter_shows_counts_and_filters(client, search_index):
    html = page(client, q="customer service").content.decode()
    counts = dict(re.findall(r'kind=(\w+)">[^<(]+\((\d+)\)', html))
    assert set(counts) >= {"channel", "issue", "tip"}
    filtered = page(client, q="customer service", kind="channel").content.decode()
    kinds = re.findall(r'<li class="result result-(\w+)">', filtered)
    assert kinds == ["channel"] * int(counts["channel"])


def test_pagination(client, search_index):
    first = page(client, q="客服").content.decode()
    assert 'rel="next"' in first
    second = page(client, q="客服", page=2).content.decode()
    assert 'rel="prev"' in second
    first_hits = re.findall(r'<h2><a href="([^"]+)"', first)
    second_hits = re.findall(r'<h2><a href="([^"]+)"', second)
    assert first_hits
    assert second_hits
    assert not set(first_hits) & set(second_hits)


def test_no_results_offers_the_channels_and_common_issues(client, search_index):
    html = page(client, q="xylophone").content.decode()
    assert "Nothing found" in html
    assert 'href="/en/guide/channels-overview/"' in html
    assert 'href="/en/issues/returns/"' in html
    assert 'href="/en/channels/phone/"' in html


def test_home_search_box_leads_to_the_search_page(client, guide):
    html = client.get("/zh-hans/").content.decode()
    assert 'action="/zh-hans/search/"' in html
    assert 'name="q"' in html


@pytest.mark.parametrize(
    "q", ['"', "(", "AND", "*", "~", ":", "\x00", "😀", "<script>alert(1)</script>", "x" * 10_000]
)
def test_hostile_queries_never_fail_and_are_escaped(client, search_index, q):
    response = page(client, q=q)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


def test_a_long_query_is_searched_by_its_beginning_and_says_so(client, search_index):
    response = page(client, q="x" * 500)
    assert response.status_code == 200
    html = response.content.decode()
    assert "first 200 characters were searched" in html
    # The box holds what was searched (its maxlength); the window's title shows the start.
    assert 'value="' + "x" * 200 + '"' in html
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert len(title) < 120 and "x" * 59 + "…" in title


def test_a_pasted_complaint_finds_its_answer_and_is_cut_between_words(client, search_index):
    complaint = "My package never arrived and the tracking has not moved for a week. " * 5
    html = page(client, q=complaint).content.decode()
    searched = re.search(r'<input[^>]*name="q"[^>]*value="([^"]*)"', html).group(1)
    assert len(searched) <= 200 and complaint.startswith(searched)
    assert complaint[len(searched)] == " "  # not inside a word
    assert "/en/issues/shipping/" in html


def test_language_switch_keeps_the_query(client, search_index):
    html = page(client, q="refund").content.decode()
    assert 'href="/zh-hans/search/?q=refund"' in html


@pytest.mark.parametrize("raw", ["²", "٣", "\uff11", "-1", "0", "1e3", "99999", " 2", "2.0"])
def test_a_page_number_that_is_not_ascii_digits_shows_the_first_page(client, search_index, raw):
    response = page(client, q="service", page=raw)
    assert response.status_code == 200
    assert 'rel="prev"' not in response.content.decode()


def test_a_page_number_beyond_the_last_leads_to_the_last_page(client, search_index):
    response = page(client, q="客服", page="9999")
    assert response.status_code == 302
    last = client.get(response["Location"])
    html = last.content.decode()
    assert 'rel="prev"' in html and 'rel="next"' not in html
    assert re.findall(r'<h2><a href="([^"]+)"', html)  # the last page's results, not none
    assert re.search(r"page=(\d+)", response["Location"]).group(1) != "9999"


def test_a_page_number_past_no_results_leads_to_the_first_page(client, search_index):
    response = page(client, q="xylophone", page="3")
    assert response.status_code == 302
    assert "page" not in response["Location"] and "q=xylophone" in response["Location"]


def test_head_answers_like_get_without_a_body(client, search_index):
    response = client.head("/en/search/", {"q": "refund"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.content == b""


def test_post_is_still_refused(client, search_index):
    assert client.post("/en/search/", {"q": "refund"}).status_code == 405
