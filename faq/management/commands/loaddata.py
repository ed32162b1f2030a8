"""loaddata, with an error that says what was wrong and that nothing changed.

Django loads every fixture in one transaction, so a broken file changes nothing; but it
answers with a traceback, and for a file that is not valid JSON its last line names the
file and drops the reason. This extends modeltranslation's loaddata (which adds
--populate), so faq comes before modeltranslation in INSTALLED_APPS.
"""

from django.core.management import CommandError
from modeltranslation.management.commands import loaddata


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        try:
            return super().handle(*fixture_labels, **options)
        except Exception as error:
            message = str(error).strip()
            cause = error.__cause__ or error.__context__
            if cause is not None and str(cause) not in message:
                message += f" {type(cause).__name__}: {cause}"
            if not any(label in message for label in fixture_labels):
                message = f"Could not load {', '.join(fixture_labels)}: {message}"
            raise CommandError(
                f"{message}\nNothing was loaded: the database is as it was before."
            ) from error
