"""Related answers: up to five other entries sharing the entry's words, in the page's language."""

import re

import pytest

from faq.models import Channel, Issue, Tip
from search.related import related_entries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_related_entries_leave_the_entry_out_and_speak_the_language(search_index, lang):
    entries = [*Issue.objects.all(), *Channel.objects.all(), *Tip.objects.all()]
    with_related = 0
    for entry in entries:
        related = related_entries(entry, lang)
        assert len(related) <= 5, entry.slug
        with_related += bool(related)
        assert all(hit.url.startswith(f"/{lang}/") for hit in related)
        assert entry.get_absolute_url().split("/", 2)[2] not in [
            hit.url.split("/", 2)[2] for hit in related
        ]
    # A subject no other entry shares (gift cards, in the guide) may have none.
    assert with_related >= 0.8 * len(entries)


def test_related_entries_share_the_subject(search_index):
    slugs = [hit.slug for hit in related_entries(Issue.objects.get(slug="returns"), "en")]
    assert "return-policy" in slugs


def test_an_entry_has_the_same_related_entries_in_every_language(search_index):
    for entry in [*Issue.objects.all(), *Channel.objects.all(), *Tip.objects.all()]:
        slugs = {
            lang: [(hit.kind, hit.slug) for hit in related_entries(entry, lang)]
            for lang in ("zh-hans", "en", "zh-hant")
        }
        assert slugs["en"] == slugs["zh-hans"] == slugs["zh-hant"], entry.slug


def test_the_limit_is_kept(search_index):
    assert len(related_entries(Issue.objects.get(slug="orders"), "en", limit=2)) <= 2


@pytest.mark.parametrize(
    "path", ["/en/issues/returns/", "/zh-hans/channels/phone/", "/en/tips/escalate/"]
)
def test_answer_pages_show_related_answers(client, search_index, path):
    html = client.get(path).content.decode()
    box = re.search(r'<nav class="related".*?</nav>', html, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', box)
    assert 0 < len(links) <= 5
    assert path not in links
    assert all(link.startswith(path[:4]) for link in links)
