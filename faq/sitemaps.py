"""sitemap.xml: every published page in every language, with its alternates (hreflang)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from faq.models import ENTRY_MODELS


class EntrySitemap(Sitemap):
    """The published entries of one kind; each URL lists its other languages."""

    i18n = True
    alternates = True
    x_default = True
    # Each entry is listed once per language: keep a sitemap file well under the protocol's
    # 50,000 URLs; the index (sitemap.xml) lists the files.
    limit = 20_000

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
