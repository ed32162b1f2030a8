"""The query log summed up per day and query: filled from the raw rows, pruned, and read
by autocomplete and the editors' insights page."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from faq.visitors import VISITOR
from search.models import QueryDay, QueryLog, SearchClick, SuggestedQuery

# What must never be offered to everyone as a completion: a URL or domain, an e-mail
# address, a phone number (seven or more digits, however spaced or dashed).
PRIVATE_OR_PLANTED = re.compile(
    r"""https?:|www\.|[\w-]+\.(com|net|org|cn|io|co|info|biz|xyz|top|me|ly)\b|@|"""
    r"""(\d[\s().+-]*){7,}""",
    re.IGNORECASE,
)


def is_suggestable(query: str) -> bool:
    """Return whether a past query may be offered as a completion to everyone."""
    return not PRIVATE_OR_PLANTED.search(query)


def aggregate_days(first: date, last: date | None = None) -> int:
    """Sum the raw rows of the days from `first` to `last` (today) into QueryDay rows,
    replacing what those days had; return how many rows were written."""
    last = last or timezone.now().date()
    written, day = 0, first
    while day <= last:
        written += _aggregate_day(day)
        day += timedelta(days=1)
    return written


def _aggregate_day(day: date) -> int:
    # A range on created_at (indexed), not a date function of every row.
    start, end = _day_start(day), _day_start(day + timedelta(days=1))
    searches = (
        QueryLog.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("query", "audience")
        .annotate(
            searches=Count("id"),
            visitors=Count("visitor", distinct=True),
            found=Count("id", filter=Q(result_count__gt=0)),
            exact=Count("id", filter=Q(result_count__gt=0, suggestion="")),
        )
        .order_by()
    )
    clicks = {
        (row["query"], row["audience"]): row["clicks"]
        for row in SearchClick.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("query", "audience")
        .annotate(clicks=Count("id"))
        .order_by()
    }
    rows = [
        QueryDay(
            day=day,
            **row,
            clicks=clicks.get((row["query"], row["audience"]), 0),
            is_suggestable=is_suggestable(row["query"]),
        )
        for row in searches
    ]
    with transaction.atomic():
        QueryDay.objects.filter(day=day).delete()
        QueryDay.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def refresh_suggested_queries(*, min_days: int, min_visitors: int) -> int:
    """Recompute the queries autocomplete may offer: visitors' queries that found results
    as typed and were asked by at least `min_visitors` distinct visitors on each of at
    least `min_days` days, never one holding a URL, e-mail address or phone number.

    Visitor keys change every day (faq/visitors.py), so "distinct" is counted within a
    day: one person asking every day does not count as many.
    """
    since = timezone.now().date() - timedelta(days=settings.SEARCH_LOG_RETENTION_DAYS)
    rows = (
        QueryDay.objects.filter(
            audience=VISITOR,
            day__gte=since,
            exact__gt=0,
            visitors__gte=min_visitors,
            is_suggestable=True,
        )
        .values("query")
        .annotate(days_total=Count("id"), people=Sum("visitors"))
        .filter(days_total__gte=min_days)
        .order_by()
    )
    suggested = [
        SuggestedQuery(query=r["query"], visitors=r["people"], days=r["days_total"]) for r in rows
    ]
    with transaction.atomic():
        SuggestedQuery.objects.all().delete()
        SuggestedQuery.objects.bulk_create(suggested, batch_size=2000)
    return len(suggested)


def prune_raw_rows(retention_days: int | None = None) -> int:
    """Delete raw query-log and click rows older than the retention; return how many."""
    days = settings.SEARCH_LOG_RETENTION_DAYS if retention_days is None else retention_days
    cutoff = timezone.now() - timedelta(days=days)
    deleted = QueryLog.objects.filter(created_at__lt=cutoff).delete()[0]
    return deleted + SearchClick.objects.filter(created_at__lt=cutoff).delete()[0]


def suggestable_queries(key: str, limit: int) -> list[str]:
    """Return the suggested queries starting with `key`, most visitors first.

    The table holds only what passed refresh_suggested_queries (a few thousand rows at a
    million searches), so a prefix scan is fast on every database and collation.
    """
    rows = SuggestedQuery.objects.filter(query__startswith=key).order_by("-visitors", "query")
    return list(rows.values_list("query", flat=True)[:limit])


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())
