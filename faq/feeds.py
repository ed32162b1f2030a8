"""An Atom feed of the recently updated entries, in the language of its URL."""

from contextvars import ContextVar

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from faq.models import Entry
from faq.views import recently_updated

FEED_ENTRIES = 20
# The request a feed is being written for (see RecentlyUpdatedFeed.get_feed).
_request: ContextVar[HttpRequest] = ContextVar("feed_request")


class RecentlyUpdatedFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Customer Service Guide") + " · " + _("Recently updated")

    def subtitle(self) -> str:
        return _("How to reach customer service, and how to solve the most common problems.")

    def link(self) -> str:
        return reverse("faq:recent")

    def feed_url(self) -> str:
        return reverse("faq:feed")

    def get_feed(self, obj, request):
        # Atom ids must be absolute IRIs (RFC 4287 4.2.6), and the host is the request's;
        # one Feed object serves every thread, so the request is not kept on it.
        token = _request.set(request)
        try:
            return super().get_feed(obj, request)
        finally:
            _request.reset(token)

    def items(self) -> list[Entry]:
        return recently_updated(FEED_ENTRIES)

    def item_title(self, item: Entry) -> str:
        return str(item)

    def item_description(self, item: Entry) -> str:
        return item.summary()

    def item_guid(self, item: Entry) -> str:
        url = _request.get().build_absolute_uri(item.get_absolute_url())
        return f"{url}#{item.updated_at.isoformat()}"

    def item_guid_is_permalink(self, item: Entry) -> bool:
        return False

    def item_updateddate(self, item: Entry):
        return item.updated_at

    def item_pubdate(self, item: Entry):
        return item.created_at
