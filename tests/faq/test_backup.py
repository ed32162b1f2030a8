"""`make backup` and a restore into an empty database give the same site back."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from faq.models import Issue
from search import consistency, indexing
from tests.sites import manage, seed, site_env

EDITS = """
from faq.models import Issue, Tip
from search.models import BestBet, SynonymSet
issue = Issue.objects.get(slug="gift-cards")
issue.solution_en += " The issuer, Zeltronic Payments, can reissue the card."
issue.save()
SynonymSet.objects.create(terms="zeltronic, card issuer")
BestBet.objects.create(query="password", entry=Issue.objects.get(slug="account"))
Tip.objects.filter(slug="be-polite").update(is_published=False)
"""


def snapshot(env):
    """Return what the site shows (tests/snapshot.py, run in the site's environment)."""
    shown = subprocess.run(
        [sys.executable, "-m", "tests.snapshot"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(shown.stdout)


def test_a_backup_restored_into_an_empty_database_gives_the_same_site(tmp_path):
    extra = {"DJANGO_ALLOWED_HOSTS": "testserver", "SEARCH_API_RATE_LIMIT": "0"}
    original = site_env(tmp_path / "original", **extra)
    restored = site_env(tmp_path / "restored", **extra)
    (tmp_path / "original").mkdir()
    (tmp_path / "restored").mkdir()
    seed(original)
    manage(original, "shell", "--no-imports", "-c", EDITS)
    manage(original, "rebuild_index", "--noinput")

    backup = Path(
        manage(original, "backup_content", "--output-dir", str(tmp_path / "backups")).stdout.strip()
    )
    assert backup.name.startswith("content-") and backup.suffix == ".json"
    models = {row["model"] for row in json.loads(backup.read_text())}
    assert {"faq.issue", "faq.channelstep", "search.synonymset", "search.bestbet"} <= models
    assert "search.querylog" not in models

    manage(restored, "migrate", "--noinput")
    manage(restored, "loaddata", str(backup))
    manage(restored, "rebuild_index", "--noinput")

    before, after = snapshot(original), snapshot(restored)
    assert before.keys() == after.keys()
    assert len(before) > 50
    for key in before:
        assert before[key] == after[key], key
    # The edits made before the backup are part of what came back.
    assert before["api en zeltronic"]["results"][0]["slug"] == "gift-cards"
    assert before["api en password"]["results"][0]["slug"] == "account"
    assert "/en/tips/be-polite/" not in before


def broken_fixtures() -> dict[str, str]:
    """Return fixtures that each rename an issue, then break, in a different way."""
    guide = json.loads((settings.BASE_DIR / "fixtures" / "guide.json").read_text())
    renamed = next(row for row in guide if row["model"] == "faq.issue")
    renamed["fields"]["title_en"] = "Renamed by a broken fixture"
    valid = json.dumps(renamed)
    dangling = {"model": "faq.issuechannel", "pk": 999, "fields": {"issue": 1, "channel": 4242}}
    return {
        "truncated": f"[{valid}, {valid[:40]}",
        "unknown-model": f'[{valid}, {{"model": "faq.nosuchmodel", "pk": 1, "fields": {{}}}}]',
        "unknown-field": f'[{valid}, {{"model": "faq.tip", "pk": 1, "fields": {{"colour": 1}}}}]',
        "dangling-reference": f"[{valid}, {json.dumps(dangling)}]",
    }


EXPECTED_REASON = {
    "truncated": "JSONDecodeError",
    "unknown-model": "nosuchmodel",
    "unknown-field": "colour",
    "dangling-reference": "FOREIGN KEY",
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", EXPECTED_REASON)
def test_a_broken_fixture_fails_clearly_and_changes_nothing(search_index, tmp_path, case):
    fixture = tmp_path / f"{case}.json"
    fixture.write_text(broken_fixtures()[case])
    titles = list(Issue.objects.order_by("pk").values_list("title_en", flat=True))
    head = indexing.log_head()

    with pytest.raises(CommandError) as error:
        call_command("loaddata", str(fixture), verbosity=0)
    message = str(error.value)
    assert f"{case}.json" in message
    assert EXPECTED_REASON[case].lower() in message.lower()
    assert "Nothing was loaded" in message

    assert list(Issue.objects.order_by("pk").values_list("title_en", flat=True)) == titles
    assert indexing.log_head() == head
    assert not consistency.compare()
