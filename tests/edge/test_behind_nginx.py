"""The site behind a real reverse proxy: Debian's nginx on 127.0.0.1 in front of gunicorn
with four workers. nginx reaches gunicorn from 127.0.0.2 (DJANGO_TRUSTED_PROXIES) and each
simulated client connects from its own loopback address, so the site sees what it would
see behind a load balancer: one proxy address, many clients in X-Forwarded-For."""

import re
import urllib.parse

import pytest

from tests.edge.clients import SEARCH, burst, request
from tests.nodes import EDITOR, Node, seed_database
from tests.servers import PROXY_ADDRESS, Nginx
from tests.sites import new_database, site_env

LIMIT = 40
WINDOW = 3600  # "/h": each burst is checked to run inside one window (see burst())


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("proxied")
    url = new_database(root)
    seed_database(site_env(root / "seed", DATABASE_URL=url))
    return url


@pytest.fixture(scope="module")
def proxied(tmp_path_factory, database_url):
    """Return (gunicorn node, nginx in front of it)."""
    root = tmp_path_factory.mktemp("proxied-site")
    settings = {"DJANGO_TRUSTED_PROXIES": PROXY_ADDRESS, "SEARCH_API_RATE_LIMIT": f"{LIMIT}/h"}
    node = Node("proxied", root / "web", database_url, workers=4, extra_env=settings).start()
    nginx = Nginx(root / "nginx", node.url)
    try:
        yield node, nginx.start()
    finally:
        nginx.stop()
        node.stop()


def test_each_client_behind_nginx_has_its_own_limit_across_four_workers(proxied):
    _node, nginx = proxied
    statuses = burst([nginx.port], "127.0.0.10", LIMIT + 20, window=WINDOW)
    assert statuses.count(200) == LIMIT, statuses
    assert statuses.count(429) == 20
    assert request(nginx.port, SEARCH, client="127.0.0.11")[0] == 200


def test_a_spoofed_forwarded_for_from_an_untrusted_address_changes_nothing(proxied):
    node, nginx = proxied
    # Straight to gunicorn, a different made-up client in every request: one client.
    spoofed = burst(
        [node.port],
        "127.0.0.12",
        LIMIT + 10,
        window=WINDOW,
        headers=lambda n: {"X-Forwarded-For": f"10.9.0.{n}"},
    )
    assert spoofed.count(200) == LIMIT, spoofed
    # Through nginx, claiming to be another client: still counted as itself.
    claims = burst(
        [nginx.port],
        "127.0.0.13",
        LIMIT + 10,
        window=WINDOW,
        headers=lambda n: {"X-Forwarded-For": "127.0.0.14"},
    )
    assert claims.count(200) == LIMIT, claims
    assert request(nginx.port, SEARCH, client="127.0.0.14")[0] == 200


def test_a_locked_out_client_behind_nginx_does_not_lock_out_another(proxied):
    _node, nginx = proxied
    guesser, editor = "127.0.0.20", "127.0.0.21"
    for _ in range(5):
        log_in(nginx.port, guesser, "wrong-password")
    assert log_in(nginx.port, guesser, EDITOR[1]) == 429
    assert log_in(nginx.port, editor, EDITOR[1]) == 302


def log_in(port, client, password) -> int:
    """Post the admin's login form as a browser would; return the answer's status."""
    status, headers, html = request(port, "/admin/login/", client=client)
    assert status == 200, html[-500:]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    form = {"username": EDITOR[0], "password": password, "csrfmiddlewaretoken": token}
    status, _headers, _html = request(
        port,
        "/admin/login/?next=/admin/",
        client=client,
        method="POST",
        body=urllib.parse.urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        },
    )
    return status


def test_a_disallowed_host_is_logged_in_one_line_with_the_client_behind_nginx(proxied):
    node, nginx = proxied
    status, _headers, _html = request(
        nginx.port, "/en/", client="127.0.0.30", headers={"Host": "evil.example"}
    )
    assert status == 400
    log = node.log.read_text()
    lines = [line for line in log.splitlines() if "evil.example" in line]
    assert len(lines) == 1, log[-3000:]
    assert "DisallowedHost client=127.0.0.30:" in lines[0]
    assert "Traceback" not in log


@pytest.fixture(scope="module")
def https_behind_nginx(tmp_path_factory, database_url):
    """Return (node with DJANGO_HTTPS=1, nginx standing in for an HTTPS load balancer)."""
    root = tmp_path_factory.mktemp("https-site")
    settings = {"DJANGO_TRUSTED_PROXIES": PROXY_ADDRESS, "DJANGO_HTTPS": "1"}
    node = Node("https", root / "web", database_url, workers=1, extra_env=settings).start()
    nginx = Nginx(root / "nginx", node.url, scheme="https")
    try:
        yield node, nginx.start()
    finally:
        nginx.stop()
        node.stop()


def test_forwarded_proto_is_believed_from_the_proxy_only(https_behind_nginx):
    node, nginx = https_behind_nginx
    status, headers, _html = request(nginx.port, "/en/")
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    # Straight to gunicorn, claiming HTTPS: neither gunicorn nor Django believes it.
    status, headers, _html = request(node.port, "/en/", headers={"X-Forwarded-Proto": "https"})
    assert status == 301
    assert headers["Location"].startswith("https://127.0.0.1")
