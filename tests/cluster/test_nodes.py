"""Several web nodes, each with its own index, on one PostgreSQL database.

An edit made through any node's admin is found on every node's next search; a node
killed while applying changes catches up when it restarts; a new node joins by building
from the database; and every node ends with check_index clean.
"""

import contextlib
import os
import signal
import threading

import pytest

from search.indexing import read_position
from tests.nodes import AdminSession, Node, seed_database
from tests.sites import manage, new_database, site_env
from tests.waiting import wait_until

pytestmark = pytest.mark.skipif(
    not os.environ.get("POSTGRES_ADMIN_URL"),
    reason="several nodes share a PostgreSQL database: `make test-postgres` runs these",
)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    root = tmp_path_factory.mktemp("cluster")
    database_url = new_database(root)
    seed_database(site_env(root / "seed", DATABASE_URL=database_url))
    nodes = [Node(name, root / name, database_url).start() for name in ("web-1", "web-2", "web-3")]
    yield nodes
    for node in nodes:
        node.stop()


def slugs(node, query):
    return [result["slug"] for result in node.search(query)["results"]]


def test_an_edit_through_one_nodes_admin_is_found_on_every_node(cluster):
    first = cluster[0]
    assert all(slugs(node, "quetzal") == [] for node in cluster)
    AdminSession(first).edit(
        "/admin/faq/tip/1/change/", body_en="Keep a photo of the quetzal on the box."
    )
    # A node's search waits for a busy writer (another of its workers applying the same
    # change) at most SEARCH_CATCH_UP_WAIT, then answers from the index as it is: the edit
    # is found once the node has caught up, within its commit interval.
    for node in cluster:
        wait_until(
            lambda node=node: slugs(node, "quetzal") == ["prepare"],
            what=f"{node.name} finding the edit",
        )


def test_a_node_killed_while_applying_catches_up_when_restarted(cluster, tmp_path):
    node = cluster[1]
    node.stop()
    # Many changes at once, made through another process: 1,200 new entries, saved again.
    editor = site_env(
        tmp_path / "editor", DATABASE_URL=node.database_url, SEARCH_NODE_NAME="editor"
    )
    manage(editor, "generate_corpus", "--entries", "1200")
    manage(editor, "shell", "--no-imports", "-c", RESAVE_GENERATED)
    before, head = read_position(node.index_dir), log_head(editor)

    # The node's next search applies them (seconds of work); kill the node halfway.
    node.start()
    searching = threading.Thread(target=_search_ignoring_errors, args=(node,))
    searching.start()
    wait_until(
        lambda: read_position(node.index_dir) != before,
        what="the node applying its first batch",
        timeout=300,
    )
    # Freeze the node at once (a busy machine could otherwise let it finish before the
    # kill), then kill it as a crash would.
    os.killpg(node.process.pid, signal.SIGSTOP)
    node.stop(kill=True)
    searching.join()
    killed_at = read_position(node.index_dir)
    assert before < killed_at < head, "not killed halfway through applying"

    node.start()
    # The first search applies a batch of what the killed node had not, and the rest in
    # the background (a visitor waits for one batch at most: search/keeper.py).
    node.search("refund")
    wait_until(
        lambda: read_position(node.index_dir) == head, what="the node catching up", timeout=300
    )
    check = node.check_index()
    assert check.returncode == 0, check.stderr
    assert "1223 documents for 1223 published entries" in check.stdout


def _search_ignoring_errors(node):
    with contextlib.suppress(OSError):  # the node is killed while answering
        node.search("refund")


def log_head(env) -> int:
    command = "from search.indexing import log_head; print(log_head())"
    return int(manage(env, "shell", "--no-imports", "-c", command).stdout.split()[-1])


def test_a_new_node_joins_a_running_set(cluster, tmp_path):
    AdminSession(cluster[2]).edit(
        "/admin/faq/tip/2/change/", body_en="Say what happened, then what you want: axolotl."
    )
    fresh = Node("web-4", tmp_path / "web-4", cluster[0].database_url).start()
    try:
        assert slugs(fresh, "axolotl") == ["be-clear"]
        assert slugs(fresh, "quetzal") == ["prepare"]
        check = fresh.check_index()
        assert check.returncode == 0, check.stderr
    finally:
        fresh.stop()


def test_every_node_ends_in_step_with_the_database(cluster):
    for node in cluster:
        node.search("refund")  # a search catches the node up (a long backlog in the background)
        wait_until(lambda n=node: not n.check_index().returncode, what=f"{node.name} in step")
        check = node.check_index()
        assert check.returncode == 0, f"{node.name}: {check.stderr}"


RESAVE_GENERATED = """
from django.db import transaction
from faq.models import Channel, Issue, Tip
with transaction.atomic():
    for model in (Issue, Tip, Channel):
        for entry in model.objects.filter(slug__startswith="gen-"):
            entry.save()
"""
