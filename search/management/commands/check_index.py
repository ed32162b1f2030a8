"""Compare the search index with the database; exit 1 on drift, or repair it."""

from django.core.management.base import BaseCommand, CommandError

from search import consistency, indexing

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Compare the search index with the published entries in both languages: entries "
        "missing from the index, extra in it, or indexed from older text. Exits 1 on drift."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Apply pending changes and write every drifting entry again.",
        )

    def handle(self, *args, repair=False, verbosity=1, **options):
        if repair:
            applied = indexing.apply_pending()
            if applied:
                self.stdout.write(f"Applied {applied} pending entries from the change log.")
        drift = consistency.compare()
        if drift and repair:
            consistency.repair(drift)
            self.stdout.write(self.style.WARNING(self._describe(drift)))
            drift = consistency.compare()
            if not drift:
                self.stdout.write(self.style.SUCCESS("Repaired: the index matches the database."))
        if drift:
            raise CommandError(self._describe(drift), returncode=1)
        self.stdout.write(
            self.style.SUCCESS(
                f"No drift: {drift.indexed} documents for {drift.published} published entries"
                + (f"; {drift.pending} changes not applied yet." if drift.pending else ".")
            )
        )

    def _describe(self, drift: consistency.Drift) -> str:
        lines = [
            f"Drift: {len(drift.missing)} missing, {len(drift.extra)} extra, "
            f"{len(drift.stale)} stale, {len(drift.duplicated)} duplicated "
            f"({drift.indexed} documents, {drift.published} published entries, "
            f"{drift.pending} changes not applied yet)."
        ]
        lines += [f"  missing {identifier}" for identifier in drift.missing[:SHOWN]]
        lines += [f"  extra   {identifier}" for identifier in drift.extra[:SHOWN]]
        lines += [f"  twice   {identifier}" for identifier in drift.duplicated[:SHOWN]]
        lines += [
            f"  stale   {identifier} ({', '.join(languages)})"
            for identifier, languages in list(drift.stale.items())[:SHOWN]
        ]
        return "\n".join(lines)
