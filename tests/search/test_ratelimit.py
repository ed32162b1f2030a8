import functools

import pytest
from django.core.exceptions import ImproperlyConfigured

from search.ratelimit import parse_rate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.mark.parametrize(
    "value, expected", [("120/m", (120, 60)), ("5/s", (5, 1)), ("1000 / h", (1000, 3600))]
)
def test_rates_are_read_from_the_setting(value, expected):
    assert parse_rate(value) == expected


def test_zero_turns_the_limit_off():
    assert parse_rate("0") is None


@pytest.mark.parametrize("value", ["", "lots", "120", "120/d", "0/m"])
def test_a_bad_setting_fails_clearly(value):
    with pytest.raises(ImproperlyConfigured, match="SEARCH_API_RATE_LIMIT"):
        parse_rate(value)


@pytest.mark.parametrize("url", ["/api/search/", "/api/suggest/"])
def test_over_the_limit_the_api_answers_429_with_retry_after(client, guide, settings, url):
    settings.SEARCH_API_RATE_LIMIT = "3/m"
    statuses = [client.get(url, {"q": "refund", "lang": "en"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(url, {"q": "refund", "lang": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused["Retry-After"] == "30"  # the window ends 30 s after the frozen clock
    assert "at most 3 per 60 s" in refused.json()["error"]
    other_client = client.get(url, {"q": "refund", "lang": "en"}, REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 200


def test_the_machine_itself_asking_directly_is_not_limited(client, guide, settings):
    settings.SEARCH_API_RATE_LIMIT = "3/m"
    settings.SEARCH_RATE_LIMIT_EXEMPT = ["127.0.0.1", "::1"]
    ask = functools.partial(client.get, "/api/search/", {"q": "refund", "lang": "en"})
    assert [ask().status_code for _ in range(5)] == [200] * 5  # the evaluator, a timer
    # Relayed by a proxy on this machine (trusted or not): counted like anyone else.
    relayed = [ask(HTTP_X_FORWARDED_FOR="203.0.113.7").status_code for _ in range(4)]
    assert relayed == [200, 200, 200, 429]
    assert [ask(REMOTE_ADDR="10.0.0.9").status_code for _ in range(4)][-1] == 429


@pytest.mark.parametrize(
    ("lang", "title", "retry"),
    [
        ("en", "Too many searches", "Please search again in"),
        ("zh-hans", "搜索太频繁", "秒后再搜索"),
    ],
)
def test_over_the_limit_the_search_page_is_friendly_and_in_the_visitors_language(
    client, guide, settings, lang, title, retry
):
    settings.SEARCH_PAGE_RATE_LIMIT = "2/m"
    statuses = [client.get(f"/{lang}/search/", {"q": "refund"}).status_code for _ in range(2)]
    assert statuses == [200, 200]
    refused = client.get(f"/{lang}/search/", {"q": "refund"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"  # the window ends 30 s after the frozen clock
    html = refused.content.decode()
    assert title in html and retry in html
    assert "<html" in html  # the site's page, not a bare status
    assert (
        client.get(f"/{lang}/search/", {"q": "refund"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    )


def test_the_page_and_the_api_count_separately(client, guide, settings):
    settings.SEARCH_PAGE_RATE_LIMIT = "1/m"
    settings.SEARCH_API_RATE_LIMIT = "1/m"
    assert client.get("/en/search/", {"q": "refund"}).status_code == 200
    assert client.get("/api/search/", {"q": "refund", "lang": "en"}).status_code == 200
    assert client.get("/en/search/", {"q": "refund"}).status_code == 429
