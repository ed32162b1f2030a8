"""Sum the query log up per day and query, and delete raw rows past the retention."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from search import querylog
from search.insights import refresh_query_insights
from search.query_stats import aggregate_days, prune_raw_rows, refresh_suggested_queries


class Command(BaseCommand):
    help = (
        "Fill the daily query aggregates (insights read them) from the raw query log and "
        "clicks of the last days, recompute the queries autocomplete may offer, then delete "
        "raw rows older than "
        "SEARCH_LOG_RETENTION_DAYS. A timer runs it every few minutes (docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=2,
            help="How many days back to (re)aggregate, today included (default 2).",
        )

    def handle(self, *args, days: int, **options):
        querylog.flush()
        today = timezone.now().date()
        written = aggregate_days(today - timedelta(days=max(days, 1) - 1), today)
        suggested = refresh_suggested_queries(
            min_days=settings.SEARCH_SUGGEST_MIN_DAYS,
            min_visitors=settings.SEARCH_SUGGEST_MIN_VISITORS,
        )
        refresh_query_insights()
        deleted = prune_raw_rows()
        retention = settings.SEARCH_LOG_RETENTION_DAYS
        self.stdout.write(
            f"{written} daily query rows, {suggested} suggested queries; "
            f"{deleted} raw rows older than {retention} days deleted."
        )
