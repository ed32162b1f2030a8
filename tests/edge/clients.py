"""Clients for the edge tests, each on its own loopback address (Linux answers all of
127.0.0.0/8), so one machine can play many clients."""

import http.client
import time
from concurrent.futures import ThreadPoolExecutor

SEARCH = "/api/search/?q=refund&lang=en"


def request(port, path, *, client="127.0.0.1", method="GET", body=None, headers=None):
    """Send one request from the loopback address `client`; return (status, headers, text)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=120, source_address=(client, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def burst(ports, client, count, *, window, headers=lambda n: {}) -> list[int]:
    """Send `count` API searches from `client` over 8 connections at once, spread over
    `ports`; return the statuses. Repeated from a fresh address if the rate-limit window
    (`window` seconds) turned meanwhile."""
    for attempt in range(2):
        source = client if attempt == 0 else client.rsplit(".", 1)[0] + ".250"
        started = time.time() // window

        def send(n, source=source):
            return request(ports[n % len(ports)], SEARCH, client=source, headers=headers(n))[0]

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(send, range(count)))
        if time.time() // window == started:
            return statuses
    raise AssertionError("the rate-limit window turned twice during one burst")
