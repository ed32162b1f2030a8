"""sitemap.xml: every published page in every language, with its alternates (hreflang)."""

from collections.abc import Sequence

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from faq.kinds import kind_named, kinds
from faq.models import Category


class EntryLanguagePairs(Sequence):
    """(entry, language) for every entry of a queryset and every language, read a slice at
    a time: Django's own i18n sitemap builds the whole list first, every entry loaded for
    every page of the sitemap."""

    def __init__(self, entries: QuerySet, languages: list[str]):
        self.entries, self.languages = entries, languages

    def __len__(self) -> int:
        return self.entries.count() * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        per_entry = len(self.languages)
        entries = self.entries[start // per_entry : -(-stop // per_entry)]
        pairs = [(entry, lang) for entry in entries for lang in self.languages]
        offset = start - start // per_entry * per_entry
        return pairs[offset : offset + stop - start]


class EntrySitemap(Sitemap):
    """The published entries of one kind; each URL lists its other languages."""

    i18n = True
    alternates = True
    x_default = True
    # URLs (an entry once per language) per sitemap file; the index (sitemap.xml) lists the
    # files. The protocol allows 50,000, but a file that size takes seconds to build; at
    # 50 each is about 20 KB and as quick as any other page (make bench-pages).
    limit = 50

    def __init__(self, kind: str):
        self.model = kind_named(kind).model

    def items(self) -> QuerySet:
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def _items(self) -> EntryLanguagePairs:
        return EntryLanguagePairs(self.items(), self._languages())

    def lastmod(self, entry):
        return entry.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(Sitemap):
    """Pages that are not entries: the home page, the list of each kind, and the question
    categories that hold a published question."""

    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list:
        lists = [kind.model.list_url_name for kind in kinds()]
        categories = Category.objects.filter(questions__is_published=True).distinct()
        return ["faq:home", "faq:recent", *lists, *categories.order_by("pk")]

    def location(self, page) -> str:
        return page.get_absolute_url() if isinstance(page, Category) else reverse(page)


class NonEmptySections(dict):
    """Sitemap sections that the index lists only while they hold a page: Django's index
    lists every section's first file, and an empty file is not a valid sitemap (a kind
    with no published entry yet, such as questions on a fresh site)."""

    def items(self):
        return [(name, site) for name, site in super().items() if site.paginator.count]


def sitemaps() -> dict[str, Sitemap]:
    """Return the sitemap sections by name: one for the pages, one per kind of entry."""
    by_kind = {kind.name: EntrySitemap(kind.name) for kind in kinds()}
    return NonEmptySections({"pages": PageSitemap(), **by_kind})
