"""A rebuild killed halfway leaves the old index serving; searches answer throughout."""

import signal
import subprocess

import pytest
from django.core.management import CommandError, call_command

from search import indexing
from tests.sites import MANAGE, manage, seed, site_env
from tests.waiting import wait_until

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
        # Halfway: the new build is being written (it has files) and is not live yet.
        # Freeze the rebuild there, so that however slow the machine, the search below
        # runs while the rebuild is unfinished and the kill lands before it finishes.
        rebuild.send_signal(signal.SIGSTOP)
        assert rebuild.poll() is None, "the rebuild finished before it could be stopped"
        assert live.resolve() == serving, "the rebuild switched before it could be stopped"
        # Searches keep answering from the old index while the new one is written.
        assert manage(env, "shell", "--no-imports", "-c", SEARCH).stdout.split() == ["returns"]
        rebuild.send_signal(signal.SIGKILL)
        rebuild.wait()
    finally:
        if rebuild.poll() is None:
            rebuild.kill()
            rebuild.wait()

    assert live.resolve() == serving
    assert manage(env, "shell", "--no-imports", "-c", SEARCH).stdout.split() == ["returns"]
    # The generated entries were never indexed, so check_index sees them missing...
    assert manage(env, "check_index", check=False).returncode == 1
    # ...and the next rebuild completes, cleans up the half-written build and is clean.
    manage(env, "rebuild_index", "--noinput")
    assert live.resolve() != serving
    assert not new_build.exists()
    assert manage(env, "check_index").returncode == 0


def _wait_for_new_build(builds_dir, before, process):
    """Return the rebuild's new build directory once the rebuild has written into it."""

    def written_build():
        assert process.poll() is None, "the rebuild exited early"
        new = [path for path in builds_dir.iterdir() if path.name not in before]
        return new[0] if new and any(new[0].iterdir()) else None

    return wait_until(written_build, what="the rebuild writing a new build", timeout=300)


@pytest.mark.django_db
def test_two_rebuilds_never_overlap(search_index):
    with indexing.rebuild_lock(), pytest.raises(CommandError, match="Another rebuild is running"):
        call_command("rebuild_index", interactive=False, verbosity=0)
