"""Add (or remove) generated bilingual entries, for benchmarks and load tests."""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from faq.corpus import GENERATED_PREFIX, channel_text, issue_text, tip_text
from faq.languages import site_languages
from faq.models import Channel, ChannelNote, ChannelStep, Issue, IssueChannel, Tip

# The mix of kinds in a real help center: mostly problem articles, then tips, few channels.
KIND_WEIGHTS = {"issue": 6, "tip": 3, "channel": 1}
BATCH = 1000


def localized(field: str, text) -> dict:
    """Return the field's columns: the Chinese text where the language's analyzer reads
    Chinese, the English otherwise; languages converted from another are left empty."""
    values = {field: text.zh}
    for lang in site_languages():
        if not lang.convert:
            values[f"{field}_{lang.suffix}"] = text.zh if lang.analyzer == "chinese" else text.en
    return values


class Command(BaseCommand):
    help = (
        "Add N generated bilingual entries (issues, tips, channels with steps and notes) whose "
        f"slugs start with '{GENERATED_PREFIX}'; --clear removes them. Rebuild the index after."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=0, help="how many entries to add")
        parser.add_argument("--clear", action="store_true", help="remove generated entries first")
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed (same seed, same text)"
        )

    def handle(self, *args, entries, clear, seed, **options):
        if entries < 0:
            raise CommandError("--entries must be 0 or more")
        if not entries and not clear:
            raise CommandError("say --entries N, --clear, or both")
        with transaction.atomic():
            if clear:
                self.stdout.write(f"Removed {self.clear()} generated entries.")
            if entries:
                self.generate(entries, random.Random(seed))
                self.stdout.write(f"Added {entries} generated entries; now run rebuild_index.")

    def clear(self) -> int:
        removed = 0
        for model in (Issue, Tip, Channel):
            removed += model.objects.filter(slug__startswith=GENERATED_PREFIX).count()
            model.objects.filter(slug__startswith=GENERATED_PREFIX).delete()
        return removed

    def generate(self, count: int, rng: random.Random) -> None:
        kinds = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()), k=count)
        real_channels = list(Channel.objects.exclude(slug__startswith=GENERATED_PREFIX))
        start = self.next_number()
        for batch_start in range(0, count, BATCH):
            numbers = range(start + batch_start, start + min(batch_start + BATCH, count))
            batch = kinds[batch_start : batch_start + BATCH]
            self.add_batch(list(zip(numbers, batch, strict=True)), rng, real_channels)

    def next_number(self) -> int:
        return sum(
            model.objects.filter(slug__startswith=GENERATED_PREFIX).count()
            for model in (Issue, Tip, Channel)
        )

    def add_batch(self, numbered_kinds, rng, real_channels) -> None:
        issues, tips, channels = [], [], []
        for number, kind in numbered_kinds:
            slug = f"{GENERATED_PREFIX}{kind}-{number}"
            if kind == "issue":
                text = issue_text(rng)
                fields = {k: v for name, t in text.items() for k, v in localized(name, t).items()}
                issues.append(Issue(slug=slug, order=1000 + number, **fields))
            elif kind == "tip":
                text = tip_text(rng)
                fields = {k: v for name, t in text.items() for k, v in localized(name, t).items()}
                tips.append(Tip(slug=slug, order=1000 + number, **fields))
            else:
                channels.append((Channel(slug=slug, order=1000 + number), channel_text(rng)))
        Issue.objects.bulk_create(issues)
        Tip.objects.bulk_create(tips)
        self.add_channels(channels)
        self.recommend(issues, rng, real_channels)

    def add_channels(self, channels) -> None:
        for channel, text in channels:
            for name in ("name", "title", "when_to_use", "intro"):
                for key, value in localized(name, text[name]).items():
                    setattr(channel, key, value)
        Channel.objects.bulk_create([channel for channel, _text in channels])
        steps, notes = [], []
        for channel, text in channels:
            for order, (title, body) in enumerate(text["steps"], 1):
                steps.append(
                    ChannelStep(
                        channel=channel,
                        order=order,
                        **localized("title", title),
                        **localized("body", body),
                    )
                )
            for order, note in enumerate(text["notes"], 1):
                notes.append(ChannelNote(channel=channel, order=order, **localized("text", note)))
        ChannelStep.objects.bulk_create(steps)
        ChannelNote.objects.bulk_create(notes)

    def recommend(self, issues, rng, real_channels) -> None:
        if not real_channels:
            return
        links = [
            IssueChannel(issue=issue, channel=channel, order=order)
            for issue in issues
            for order, channel in enumerate(rng.sample(real_channels, rng.randint(1, 3)), 1)
        ]
        IssueChannel.objects.bulk_create(links)
