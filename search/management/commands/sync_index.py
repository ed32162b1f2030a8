"""Bring this node's index up to the change log now.

Searches do this on their own before answering; run it from a timer on a node that gets
no traffic, so that it keeps its place and does not hold back pruning (docs/deploy.md).
"""

from django.core.management.base import BaseCommand

from search import changelog, indexing


class Command(BaseCommand):
    help = "Apply pending index changes to this node's index (building it if it has none)."

    def handle(self, *args, **options):
        indexing.ensure_index()
        applied = indexing.apply_pending()
        changelog.report_position(indexing.read_position())
        self.stdout.write(
            f"Node {changelog.node_name()}: applied {applied} entries; "
            f"at change #{indexing.read_position()} of #{indexing.log_head()}."
        )
