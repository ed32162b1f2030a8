"""The client's address behind the proxies named in DJANGO_TRUSTED_PROXIES.

Only a request that arrives from a trusted proxy has its X-Forwarded-For and
X-Forwarded-Proto believed; X-Forwarded-For is read from the right, skipping trusted
proxies, so whatever a client writes into the header itself is never taken for its address.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(
    values: Iterable[str], setting: str = "DJANGO_TRUSTED_PROXIES"
) -> tuple[Network, ...]:
    """Return the networks of addresses or CIDRs like "10.0.0.5" or "10.0.0.0/24"."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{setting} must list addresses or networks, not {value!r}"
            ) from None
    return tuple(networks)


@functools.lru_cache(maxsize=8)
def cached_networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    """Return the networks of a setting's list, parsed once."""
    return parse_networks(values)


def in_networks(address: str, networks: tuple[Network, ...]) -> bool:
    """Return whether an address lies in one of these networks (the trusted proxies')."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def resolve_client(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """Return the client's address: the peer itself unless it is a trusted proxy, else the
    rightmost X-Forwarded-For hop that is not one (the leftmost when all are)."""
    if not in_networks(peer, networks):
        return peer
    client = peer
    for hop in reversed([hop.strip() for hop in forwarded_for.split(",") if hop.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # a trusted proxy never writes this: stop at the last hop it vouched for
        client = hop
        if not in_networks(hop, networks):
            break
    return client


def client_address(request: HttpRequest) -> str:
    """Return the client's address (django-axes' AXES_CLIENT_IP_CALLABLE)."""
    resolved = getattr(request, "client_address", None)
    if resolved is None:
        resolved = resolve_client(
            request.META.get("REMOTE_ADDR", ""),
            request.META.get("HTTP_X_FORWARDED_FOR", ""),
            cached_networks(tuple(settings.TRUSTED_PROXIES)),
        )
    return resolved


class TrustedProxyMiddleware:
    """Put the client's address in REMOTE_ADDR and drop X-Forwarded-Proto unless the
    request came through a trusted proxy. First in MIDDLEWARE, before SecurityMiddleware
    redirects to HTTPS and before anything logs or counts the address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        networks = cached_networks(tuple(settings.TRUSTED_PROXIES))
        peer = request.META.get("REMOTE_ADDR", "")
        if in_networks(peer, networks):
            request.META["REMOTE_ADDR"] = client_address(request)
        else:
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        request.client_address = request.META.get("REMOTE_ADDR", "")
        return self.get_response(request)
