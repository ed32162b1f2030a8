import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from search.ratelimit import parse_rate

pytestmark = pytest.mark.django_db


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
    cache.clear()
    statuses = [client.get(url, {"q": "refund", "lang": "en"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(url, {"q": "refund", "lang": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "at most 3 per 60 s" in refused.json()["error"]
    other_client = client.get(url, {"q": "refund", "lang": "en"}, REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 200
