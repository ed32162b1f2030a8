"""Who searched, result clicks, daily aggregates and the log's retention."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from search.models import QueryDay, QueryLog, SearchClick

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36"


def maintain():
    call_command("maintain_query_log", stdout=io.StringIO())


def test_visitors_staff_api_and_bots_are_counted_apart(client, editor_client, search_index):
    Client(HTTP_USER_AGENT=BROWSER).get("/en/search/", {"q": "refund"})
    Client(HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)").get(
        "/en/search/", {"q": "refund"}
    )
    Client(HTTP_USER_AGENT=BROWSER).get("/api/search/", {"q": "refund", "lang": "en"})
    editor_client.get("/en/search/", {"q": "refund"})
    audiences = sorted(QueryLog.objects.values_list("audience", flat=True))
    assert audiences == ["api", "bot", "staff", "visitor"]
    maintain()
    days = {row.audience: row for row in QueryDay.objects.filter(query="refund")}
    assert set(days) == {"api", "bot", "staff", "visitor"}
    assert days["visitor"].searches == 1 and days["visitor"].found == 1


def test_results_link_through_a_ping_and_the_click_is_recorded(search_index):
    visitor = Client(HTTP_USER_AGENT=BROWSER)
    html = visitor.get("/en/search/", {"q": "gift card"}).content.decode()
    assert 'href="/en/issues/gift-cards/" ping="/r/?q=gift%20card&amp;lang=en' in html
    ping = "/r/?q=gift%20card&lang=en&kind=issue&slug=gift-cards&pos=1"
    assert visitor.post(ping, data="PING", content_type="text/ping").status_code == 204
    click = SearchClick.objects.get()
    assert (click.query, click.kind, click.slug, click.position) == (
        "gift card",
        "issue",
        "gift-cards",
        1,
    )
    assert click.audience == "visitor" and click.visitor
    maintain()
    assert QueryDay.objects.get(query="gift card", audience="visitor").clicks == 1


@pytest.mark.parametrize(
    "query",
    [
        "q=x&lang=en&kind=nope&slug=a&pos=1",
        "q=x&lang=fr&kind=issue&slug=a&pos=1",
        "q=x&lang=en&kind=issue&slug=a&pos=0",
        "q=x&lang=en&kind=issue&slug=a&pos=-1",
        "q=x&lang=en&kind=issue&slug=&pos=1",
    ],
)
def test_malformed_clicks_are_refused(client, db, query):
    assert client.post(f"/r/?{query}").status_code == 400
    assert client.get("/r/?q=x&lang=en&kind=issue&slug=a&pos=1").status_code == 405
    assert not SearchClick.objects.exists()


def test_raw_rows_past_the_retention_are_deleted_and_aggregates_stay(db, settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 90
    old, recent = timezone.now() - timedelta(days=91), timezone.now() - timedelta(days=1)
    for when in (old, recent):
        row = QueryLog.objects.create(query="refund", lang="en", result_count=1, duration_ms=1)
        QueryLog.objects.filter(pk=row.pk).update(created_at=when)
        SearchClick.objects.create(
            query="refund", lang="en", kind="issue", slug="returns", position=1, created_at=when
        )
    call_command("maintain_query_log", days=100, stdout=io.StringIO())
    assert QueryLog.objects.count() == 1 and SearchClick.objects.count() == 1
    assert QueryDay.objects.count() == 2  # aggregated before the old day was deleted
    call_command("maintain_query_log", stdout=io.StringIO())
    assert QueryDay.objects.count() == 2  # re-aggregating recent days keeps older ones
