"""Who is asking: a visitor's daily key, and whether a request is a visitor's, staff's,
an API client's or a bot's."""

import hashlib
import re

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VISITOR, STAFF, API, BOT = "visitor", "staff", "api", "bot"
AUDIENCE_LABELS = {
    VISITOR: _("visitors"),
    STAFF: _("staff (logged in)"),
    API: _("API clients"),
    BOT: _("bots and scripts"),
}
# User agents of crawlers and scripts (not of browsers), matched anywhere, any case.
BOT_AGENTS = re.compile(r"bot\b|bot/|crawl|spider|slurp|curl/|wget/|python-|httpx|scrapy|java/")


def visitor_key(request: HttpRequest) -> str:
    """Return a key for the visitor of a request, the same all day and new the next.

    Address and browser, hashed with the secret and the date: enough to count distinct
    visitors per day, and nothing that identifies a person or links their days.
    """
    address = request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    day = timezone.now().date().isoformat()
    raw = f"{settings.SECRET_KEY}|{day}|{address}|{agent}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def audience_of(request: HttpRequest) -> str:
    """Return who sent a request: staff, an API client, a bot, or a visitor."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return STAFF
    if request.path.startswith("/api/"):
        return API
    if BOT_AGENTS.search(request.META.get("HTTP_USER_AGENT", "").lower()):
        return BOT
    return VISITOR
