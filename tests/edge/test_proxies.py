"""The client's address and scheme behind trusted proxies (edge/proxies.py)."""

import pytest
from django.conf import settings as django_settings

from edge.proxies import parse_networks, resolve_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

PROXY = "10.0.0.1"
NETWORKS = parse_networks(["10.0.0.0/24", "2001:db8::/64"])


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        ("203.0.113.7", "", "203.0.113.7"),
        # An untrusted peer's header is ignored, whatever it says.
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        ("10.0.0.1", "198.51.100.1", "198.51.100.1"),
        # What the client wrote itself sits left of what the proxy appended.
        ("10.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        # Two proxies in a row: the first untrusted hop from the right.
        ("10.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        ("10.0.0.1", "10.0.0.3, 10.0.0.2", "10.0.0.3"),
        ("10.0.0.1", "", "10.0.0.1"),
        ("10.0.0.1", "not-an-address, 10.0.0.2", "10.0.0.2"),
        ("2001:db8::5", "2001:db8:1::9", "2001:db8:1::9"),
    ],
)
def test_the_client_is_the_first_untrusted_hop_from_the_right(peer, forwarded_for, client):
    assert resolve_client(peer, forwarded_for, NETWORKS) == client


def test_without_trusted_proxies_forwarded_for_changes_nothing():
    assert resolve_client("10.0.0.1", "198.51.100.1", ()) == "10.0.0.1"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SEARCH_API_RATE_LIMIT = "3/h"
    return settings


def api_status(client, **headers) -> int:
    return client.get("/api/search/", {"q": "refund", "lang": "en"}, **headers).status_code


def via_proxy(address: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, guide, behind_proxy):
    assert [api_status(client, **via_proxy("198.51.100.1")) for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    assert api_status(client, **via_proxy("198.51.100.2")) == 200
    # The proxy's own address was never counted as a client.
    assert api_status(client, REMOTE_ADDR=PROXY) == 200


def test_a_spoofed_forwarded_for_from_an_untrusted_address_changes_nothing(
    client, guide, behind_proxy
):
    statuses = [
        api_status(client, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    assert api_status(client, **via_proxy("198.51.100.1")) == 200


def test_forwarded_proto_is_believed_only_from_a_trusted_proxy(client, behind_proxy):
    behind_proxy.SECURE_SSL_REDIRECT = True
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    assert client.get("/en/", REMOTE_ADDR=PROXY, **https).status_code == 200
    spoofed = client.get("/en/", REMOTE_ADDR="203.0.113.7", **https)
    assert spoofed.status_code == 301
    assert spoofed["Location"].startswith("https://")
    # The load balancer's health check reaches the node itself, over plain HTTP.
    assert client.get("/healthz", REMOTE_ADDR=PROXY).status_code == 200


def test_a_locked_out_client_behind_the_proxy_does_not_lock_out_another(
    client, django_user_model, behind_proxy
):
    django_user_model.objects.create_superuser("editor", "editor@example.com", "right-pw-123")
    guesser, editor = via_proxy("198.51.100.66"), via_proxy("198.51.100.1")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "editor", "password": "guess"}, **guesser)
    locked = client.post(
        "/admin/login/", {"username": "editor", "password": "right-pw-123"}, **guesser
    )
    assert locked.status_code == 429
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "right-pw-123"}, **editor
    )
    assert response.status_code == 302


def test_searches_go_on_when_redis_does_not_answer(client, guide, settings, caplog):
    from tests.nodes import free_port

    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings.CACHES = {
        **settings.CACHES,
        "limits": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
        },
    }
    settings.SEARCH_API_RATE_LIMIT = "1/h"
    assert [api_status(client) for _ in range(2)] == [200, 200]
    assert "Rate limits are off: Redis at REDIS_URL does not answer" in caplog.text
