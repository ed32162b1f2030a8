"""sitemap.xml: every published page in every language, with its alternates (hreflang)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from faq.models import ENTRY_MODELS


class EntrySitemap(Sitemap):
    """The published entries of one kind; each URL lists its other languages."""

    i18n = True
    alternates = True
    x_default = True
    # URLs (an entry once per language) per sitemap file: the index (sitemap.xml) lists the
    # files. The protocol allows 50,000, but a file that size takes seconds to build; at
    # 250 each stays near 100 KB, like every other page.
    limit = 250

    def __init__(self, kind: str):
        self.model = ENTRY_MODELS[kind]

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, entry):
        return entry.updated_at


class PageSitemap(Sitemap):
    """Pages that are not entries: the home page and the list of each kind."""

    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        lists = [model.list_url_name for model in ENTRY_MODELS.values()]
        return ["faq:home", "faq:recent", *lists]

    def location(self, url_name: str) -> str:
        return reverse(url_name)


def sitemaps() -> dict[str, Sitemap]:
    """Return the sitemap sections by name: one for the pages, one per kind of entry."""
    return {"pages": PageSitemap(), **{kind: EntrySitemap(kind) for kind in ENTRY_MODELS}}
