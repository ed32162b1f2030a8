"""Several OS processes editing at once never leave the index behind the database."""

import subprocess
import sys

import pytest
from django.conf import settings

from tests.sites import manage, seed, site_env

WORKERS = 4
EDITS = 25


@pytest.fixture
def site(tmp_path):
    env = site_env(tmp_path)
    seed(env)
    return env


def test_concurrent_editors_leave_no_drift(site):
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.search.edit_worker", str(worker), str(EDITS)],
            env=site,
            cwd=settings.BASE_DIR,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(WORKERS)
    ]
    for worker in workers:
        _out, errors = worker.communicate(timeout=300)
        assert worker.returncode == 0, errors
        # A failed index write is logged, not raised: none may have happened.
        assert "Could not update the search index" not in errors

    check = manage(site, "check_index", check=False)
    assert check.returncode == 0, check.stderr
    assert "No drift: " in check.stdout
    assert "not applied yet" not in check.stdout

    # The last edit of the entry everyone wrote is what search finds.
    last = (
        manage(
            site,
            "shell",
            "-c",
            "from faq.models import Issue; print(Issue.objects.get(slug='returns').solution_en)",
        )
        .stdout.split()[-1]
        .rstrip(".")
    )
    found = manage(
        site,
        "shell",
        "-c",
        f"from search.services import faq_search; "
        f"print([h.entry.slug for h in faq_search(query='{last}', lang='en').hits])",
    ).stdout
    assert "['returns']" in found


def test_check_index_finds_drift_made_behind_its_back_and_repairs_it(site):
    manage(
        site,
        "shell",
        "-c",
        "from faq.models import Issue, Tip; "
        "Issue.objects.filter(slug='returns').update(title_en='Changed without signals'); "
        "from search import indexing; from whoosh import index; "
        "w = index.open_dir(str(indexing.live_path())).writer(); "
        "w.delete_by_term('id', 'faq.tip.%d' % Tip.objects.get(slug='escalate').pk); w.commit()",
    )
    check = manage(site, "check_index", check=False)
    assert check.returncode == 1
    assert "1 missing, 0 extra, 1 stale, 0 duplicated" in check.stderr
    assert "(en)" in check.stderr

    repaired = manage(site, "check_index", "--repair", check=False)
    assert repaired.returncode == 0, repaired.stderr
    assert manage(site, "check_index").returncode == 0
