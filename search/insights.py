"""What editors learn from visitors: top queries, queries that find nothing, results nobody
opens, the least helpful entries; over a period, each with its trend against the period
before. Computed from the daily aggregates (search/query_stats.py) when they are refreshed,
and from feedback as it arrives; never from raw rows."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from faq.kinds import entry_models
from faq.models import Feedback
from faq.visitors import AUDIENCE_LABELS, VISITOR
from search.models import QueryDay, QueryInsight

PERIODS = (7, 30)
SHOWN = 15
COMMENTS_SHOWN = 3


@dataclass
class QueryRow:
    query: str
    searches: int
    visitors: int
    found: int
    clicks: int
    before: int = 0  # searches in the period before

    @property
    def trend(self) -> int | None:
        """Return the change against the period before in percent, None if it is new."""
        return round(100 * (self.searches - self.before) / self.before) if self.before else None


@dataclass
class EntryRow:
    kind: str
    slug: str
    title: str
    url: str
    yes: int
    no: int
    before_share: int | None = None
    comments: list[str] = field(default_factory=list)

    @property
    def helpful_share(self) -> int:
        return round(100 * self.yes / (self.yes + self.no))


def search_insights(*, days: int) -> dict:
    """Return everything the insights page shows for the last `days` days: searches as of
    the last refresh (`maintain_query_log`), feedback as of now."""
    today = timezone.now().date()
    start, before = today - timedelta(days=days - 1), today - timedelta(days=2 * days - 1)
    tables: dict[str, list] = {"top": [], "no_results": [], "no_clicks": [], "audience": []}
    for row in QueryInsight.objects.filter(period=days):
        tables[row.table].append(
            QueryRow(row.query, row.searches, row.visitors, row.found, row.clicks, row.before)
        )
    audiences = [
        {"audience": row.query, "label": AUDIENCE_LABELS.get(row.query, row.query), **vars(row)}
        for row in tables.pop("audience")
    ]
    return {**tables, "audiences": audiences, "least_helpful": _least_helpful(start, before)}


def refresh_query_insights() -> int:
    """Recompute the insights page's query tables for every period from the daily rows."""
    today, rows = timezone.now().date(), []
    for days in PERIODS:
        start, before = today - timedelta(days=days - 1), today - timedelta(days=2 * days - 1)
        queries = _period_queries(start)
        tables = {
            "top": heapq.nsmallest(SHOWN, queries, key=_busiest),
            "no_results": heapq.nsmallest(SHOWN, (q for q in queries if not q.found), key=_busiest),
            "no_clicks": heapq.nsmallest(
                SHOWN, (q for q in queries if q.found and not q.clicks), key=_busiest
            ),
            "audience": [
                QueryRow(r["audience"], r["searches"], 0, 0, 0) for r in _audiences(start)
            ],
        }
        _add_earlier_searches(
            [*tables["top"], *tables["no_results"], *tables["no_clicks"]], start, before
        )
        rows += [
            QueryInsight(period=days, table=table, rank=rank, **vars(row))
            for table, shown in tables.items()
            for rank, row in enumerate(shown)
        ]
    with transaction.atomic():
        QueryInsight.objects.all().delete()
        QueryInsight.objects.bulk_create(rows)
    return len(rows)


def _busiest(row: QueryRow) -> tuple:
    return (-row.searches, row.query)


def _period_queries(start: date) -> list[QueryRow]:
    rows = (
        QueryDay.objects.filter(audience=VISITOR, day__gte=start)
        .values("query")
        .annotate(
            searches_total=Sum("searches"),
            visitors_total=Sum("visitors"),
            found_total=Sum("found"),
            clicks_total=Sum("clicks"),
        )
        .order_by()
        .values_list("query", "searches_total", "visitors_total", "found_total", "clicks_total")
    )
    return [QueryRow(*row) for row in rows]


def _add_earlier_searches(shown: list[QueryRow], start: date, before: date) -> None:
    """Set each row's searches in the period before, for its trend."""
    earlier = dict(
        QueryDay.objects.filter(
            audience=VISITOR,
            day__gte=before,
            day__lt=start,
            query__in={row.query for row in shown},
        )
        .values("query")
        .annotate(total=Sum("searches"))
        .values_list("query", "total")
    )
    for row in shown:
        row.before = earlier.get(row.query, 0)


def _votes(since: date, until: date | None = None):
    votes = Feedback.objects.filter(audience=VISITOR, day__gte=since)
    if until:
        votes = votes.filter(day__lt=until)
    return votes.values("kind", "slug").annotate(
        yes=Count("id", filter=Q(helpful=True)), no=Count("id", filter=Q(helpful=False))
    )


def _least_helpful(start: date, before: date) -> list[EntryRow]:
    rows = sorted(
        (r for r in _votes(start) if r["no"]),
        key=lambda r: (r["yes"] / (r["yes"] + r["no"]), -r["no"]),
    )[:SHOWN]
    earlier = {(r["kind"], r["slug"]): r for r in _votes(before, start)}
    shown = []
    for r in rows:
        entry = entry_models()[r["kind"]].objects.filter(slug=r["slug"]).first()
        row = EntryRow(
            r["kind"],
            r["slug"],
            str(entry) if entry else r["slug"],
            entry.get_absolute_url() if entry else "",
            r["yes"],
            r["no"],
        )
        if prior := earlier.get((r["kind"], r["slug"])):
            row.before_share = round(100 * prior["yes"] / (prior["yes"] + prior["no"]))
        row.comments = list(
            Feedback.objects.filter(kind=r["kind"], slug=r["slug"], day__gte=start)
            .exclude(comment="")
            .values_list("comment", flat=True)[:COMMENTS_SHOWN]
        )
        shown.append(row)
    return shown


def _audiences(start: date) -> list[dict]:
    return list(
        QueryDay.objects.filter(day__gte=start)
        .values("audience")
        .annotate(searches=Sum("searches"))
        .order_by("-searches")
    )
