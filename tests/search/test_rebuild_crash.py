"""A rebuild killed halfway leaves the old index serving; searches answer throughout."""

import signal
import subprocess
import time

import pytest
from django.core.management import CommandError, call_command

from search import indexing
from tests.sites import MANAGE, manage, seed, site_env

SEARCH = (
    "from search.services import faq_search; "
    "print(*[h.slug for h in faq_search(query='退款未到账', lang='zh-hans').hits][:1])"
)


def test_killing_a_rebuild_halfway_leaves_the_old_index_serving(tmp_path):
    env = site_env(tmp_path)
    seed(env)
    # Enough entries that the rebuild takes a few seconds.
    manage(env, "generate_corpus", "--entries", "2000")
    live = tmp_path / "index"
    serving = live.resolve()
    builds = {path.name for path in (tmp_path / "index.builds").iterdir()}

    rebuild = subprocess.Popen([*MANAGE, "rebuild_index", "--noinput"], env=env)
    try:
        new_build = _wait_for_new_build(tmp_path / "index.builds", builds, rebuild)
        # Searches keep answering from the old index while the new one is written.
        assert manage(env, "shell", "--no-imports", "-c", SEARCH).stdout.split() == ["returns"]
        time.sleep(0.5)
        assert rebuild.poll() is None, "the rebuild finished before it could be killed"
        assert any(new_build.iterdir()), "killed before the rebuild wrote anything"
        rebuild.send_signal(signal.SIGKILL)
        rebuild.wait()
    finally:
        if rebuild.poll() is None:
            rebuild.kill()

    assert live.resolve() == serving
    assert manage(env, "shell", "--no-imports", "-c", SEARCH).stdout.split() == ["returns"]
    # The generated entries were never indexed, so check_index sees them missing...
    assert manage(env, "check_index", check=False).returncode == 1
    # ...and the next rebuild completes, cleans up the half-written build and is clean.
    manage(env, "rebuild_index", "--noinput")
    assert live.resolve() != serving
    assert not new_build.exists()
    assert manage(env, "check_index").returncode == 0


def _wait_for_new_build(builds_dir, before, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the rebuild exited early"
        new = [path for path in builds_dir.iterdir() if path.name not in before]
        if new:
            return new[0]
        time.sleep(0.02)
    raise AssertionError("no new build appeared")


@pytest.mark.django_db
def test_two_rebuilds_never_overlap(search_index):
    with indexing.rebuild_lock(), pytest.raises(CommandError, match="Another rebuild is running"):
        call_command("rebuild_index", interactive=False, verbosity=0)
