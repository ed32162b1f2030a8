"""Load the shipped guide into an empty database; never touch content that is there."""

from django.conf import settings
from django.core.management import BaseCommand, call_command

from faq.models import Channel, Issue, Section, Tip

CONTENT_MODELS = (Section, Channel, Issue, Tip)


class Command(BaseCommand):
    help = "Load fixtures/*.json only when the database holds no entry yet."

    def handle(self, *args, **options):
        if any(model.objects.exists() for model in CONTENT_MODELS):
            self.stdout.write("The database has content already: the guide was not loaded.")
            return
        fixtures = sorted(str(path) for path in (settings.BASE_DIR / "fixtures").glob("*.json"))
        call_command("loaddata", *fixtures, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS("Loaded the guide into the empty database."))
