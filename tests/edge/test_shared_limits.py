"""One client's rate limit holds across 2 nodes of 4 gunicorn workers sharing one database,
counted in the database by default and in Redis (Debian's redis-server) with REDIS_URL."""

import pytest

from tests.edge.clients import burst
from tests.nodes import Node, seed_database
from tests.servers import Redis
from tests.sites import new_database, site_env

LIMIT = 100
SENT = 160


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("shared-limits")
    url = new_database(root)
    seed_database(site_env(root / "seed", DATABASE_URL=url))
    return url


@pytest.fixture(scope="module", params=["database", "redis"])
def two_nodes(request, tmp_path_factory, database_url):
    """Return two nodes of four workers each, counting in the database or in Redis."""
    root = tmp_path_factory.mktemp(request.param)
    settings = {"SEARCH_API_RATE_LIMIT": f"{LIMIT}/h"}
    redis = None
    if request.param == "redis":
        redis = Redis(root / "redis").start()
        settings["REDIS_URL"] = redis.url
    nodes = []
    try:
        for name in ("web-1", "web-2"):
            node = Node(name, root / name, database_url, workers=4, extra_env=settings)
            nodes.append(node.start())
        yield nodes
    finally:
        for node in nodes:
            node.stop()
        if redis is not None:
            redis.stop()


def test_one_clients_limit_holds_across_nodes_and_workers(two_nodes):
    ports = [node.port for node in two_nodes]
    statuses = burst(ports, "127.0.0.40", SENT, window=3600)
    answered = statuses.count(200)
    print(f"{answered} answered of {SENT} sent, limit {LIMIT}")  # the measured accuracy
    assert answered == LIMIT, statuses
    assert statuses.count(429) == SENT - LIMIT
