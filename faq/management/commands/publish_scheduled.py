"""Publish the drafts whose time has come, through the normal save path (a timer runs this)."""

from django.core.management import BaseCommand
from django.db import transaction
from django.utils import timezone
from reversion import create_revision, set_comment

from faq.kinds import entry_models


class Command(BaseCommand):
    help = "Publish every unpublished entry whose publish_at has passed (run it every minute)."

    def handle(self, *args, **options):
        published = sum(publish_due(model) for model in entry_models().values())
        if options["verbosity"]:
            self.stdout.write(f"Published {published} scheduled entries.")


def publish_due(model) -> int:
    """Publish one kind's due drafts; return how many.

    Each is saved, not updated: the save writes the index change log in its transaction,
    so the entry is searchable as soon as this commits, and it gets a revision.
    """
    now = timezone.now()
    count = 0
    with transaction.atomic(), create_revision():
        set_comment("Published as scheduled")
        for entry in model.objects.due_to_publish(now).select_for_update():
            # Cleared, so that unpublishing it later does not get it published again.
            entry.is_published, entry.publish_at = True, None
            entry.save(update_fields=["is_published", "publish_at", "updated_at"])
            count += 1
    return count
