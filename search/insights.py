"""What editors learn from visitors: top queries, queries that find nothing, results nobody
opens, the least helpful entries; over a period, each with its trend against the period
before. Reads the daily aggregates (search/query_stats.py) and feedback, never raw rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from faq.feedback import ENTRY_KINDS
from faq.models import Feedback
from faq.visitors import AUDIENCE_LABELS, VISITOR
from search.models import QueryDay

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
    """Return everything the insights page shows for the last `days` days (searches as of
    the last `maintain_query_log`, feedback as of now)."""
    today = timezone.now().date()
    start, before = today - timedelta(days=days - 1), today - timedelta(days=2 * days - 1)
    # One pass over the period's daily rows, sorted three ways (three GROUP BYs cost 3x).
    queries = sorted(_period_queries(start), key=lambda row: (-row.searches, row.query))
    top = queries[:SHOWN]
    no_results = [row for row in queries if not row.found][:SHOWN]
    no_clicks = [row for row in queries if row.found and not row.clicks][:SHOWN]
    _add_earlier_searches([*top, *no_results, *no_clicks], start, before)
    return {
        "top": top,
        "no_results": no_results,
        "no_clicks": no_clicks,
        "least_helpful": _least_helpful(start, before),
        "audiences": _audiences(start),
    }


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
        entry = ENTRY_KINDS[r["kind"]].objects.filter(slug=r["slug"]).first()
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
    rows = (
        QueryDay.objects.filter(day__gte=start)
        .values("audience")
        .annotate(searches=Sum("searches"))
        .order_by("-searches")
    )
    return [{**row, "label": AUDIENCE_LABELS.get(row["audience"], row["audience"])} for row in rows]
