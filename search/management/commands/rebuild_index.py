"""Rebuild the search index into a fresh directory and switch to it atomically.

Replaces haystack's rebuild_index (clear, then update in batches), which leaves searches
with an empty or half-built index while it runs and is slow on large corpora.
"""

from django.core.management.base import BaseCommand, CommandError

from search.indexing import IndexBusy, rebuild


class Command(BaseCommand):
    help = "Rebuild the search index in a new directory, then switch to it atomically."

    def add_arguments(self, parser):
        # Accepted for compatibility with haystack's command: this one never asks.
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, verbosity=1, **options):
        report = self.stdout.write if verbosity >= 1 else (lambda message: None)
        try:
            rebuild(report)
        except IndexBusy as busy:
            raise CommandError(
                f"Another rebuild is running ({busy}); try again when it ends."
            ) from None
