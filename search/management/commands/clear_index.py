"""haystack's clear_index, refusing with a reason when it would leave published entries out.

The index follows the database (search/backend.py): it can be emptied only when nothing
is published; otherwise `rebuild_index` is what builds it again.
"""

from django.core.management.base import CommandError
from haystack.management.commands import clear_index

from search.backend import IndexWouldDrift


class Command(clear_index.Command):
    def handle(self, **options):
        try:
            super().handle(**options)
        except IndexWouldDrift as drift:
            raise CommandError(str(drift)) from None
