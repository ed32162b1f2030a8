"""Write the content to a dated JSON file: every entry in both languages, synonym sets and
best bets. Restore with `manage.py loaddata <file>` and `manage.py rebuild_index --noinput`."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

# The whole faq app (entries, steps, notes, recommended channels) and the editors' search
# settings. Not the query log (visitors' searches), customers' feedback, nor the index
# change log.
CONTENT = ["faq", "search.synonymset", "search.bestbet"]
EXCLUDED = ["faq.feedback"]


class Command(BaseCommand):
    help = "Write the content (every language, synonym sets, best bets) to a dated JSON file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=settings.VAR_DIR / "backups",
            help="Where to write the file (default: var/backups/).",
        )

    def handle(self, *args, output_dir: Path, **options):
        output_dir.mkdir(parents=True, exist_ok=True)
        path = output_dir / f"content-{timezone.now():%Y%m%d-%H%M%S}.json"
        # Written beside the target and renamed, so a failed dump never leaves half a file.
        partial = path.with_suffix(".json.partial")
        call_command(
            "dumpdata",
            *CONTENT,
            exclude=EXCLUDED,
            indent=2,
            output=str(partial),
            verbosity=0,
            # A best bet names its entry's content type as ["faq", "issue"], not by an id
            # that differs from one database to the next.
            use_natural_foreign_keys=True,
        )
        os.replace(partial, path)
        self.stdout.write(str(path))
