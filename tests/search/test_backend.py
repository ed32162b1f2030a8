"""haystack's own API answers like faq_search, and its commands keep the index exact."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from haystack.forms import SearchForm
from haystack.query import SearchQuerySet

from faq.models import Issue, Tip
from search import consistency, indexing
from search.backend import UnsupportedQuery
from search.services import faq_search
from tests.factories import published_entries
from tests.search.relevance import RELEVANCE_FILE, load_cases

pytestmark = pytest.mark.django_db

DEV2 = [RELEVANCE_FILE.with_name("dev2") / name for name in ("tune.tsv", "measure.tsv")]
# relevance.tsv holds ../shared/eval/dev.tsv and our own set; dev2/ both halves of dev2.tsv.
QUERIES = sorted(
    {(lang, query) for path in [RELEVANCE_FILE, *DEV2] for lang, query, _ in load_cases(path)}
)


def ours(query: str, lang: str) -> list[tuple[str, int]]:
    hits = faq_search(query=query, lang=lang, record=False).hits
    return [(hit.entry._meta.model_name, hit.entry.pk) for hit in hits]


def haystacks(results) -> list[tuple[str, int]]:
    return [(result.model_name, int(result.pk)) for result in results]


def test_the_parity_set_holds_every_labelled_query():
    assert len(QUERIES) > 450


def test_auto_query_and_search_form_answer_like_faq_search(search_index):
    differing = []
    for lang, query in QUERIES:
        with translation.override(lang):
            expected = ours(query, lang)
            queryset = SearchQuerySet().auto_query(query)
            form = SearchForm({"q": query}, searchqueryset=SearchQuerySet())
            assert form.is_valid()
            if haystacks(queryset[:10]) != expected or haystacks(form.search()[:10]) != expected:
                differing.append((lang, query))
    assert differing == []


def test_counts_slices_and_kinds_answer_like_faq_search(search_index):
    with translation.override("en"):
        results = faq_search(query="contact support", lang="en", limit=50, record=False)
        queryset = SearchQuerySet().auto_query("contact support")
        assert queryset.count() == results.total
        assert haystacks(queryset[3:6]) == [
            (hit.entry._meta.model_name, hit.entry.pk) for hit in results.hits[3:6]
        ]
        tips = SearchQuerySet().models(Tip).auto_query("contact support")
        assert {result.model_name for result in tips} == {"tip"}
        first = queryset[0]
        assert first.title and first.url.startswith("/en/") and first.object is not None


def test_queries_it_cannot_answer_like_the_search_page_are_refused(search_index):
    with pytest.raises(UnsupportedQuery):
        list(SearchQuerySet().filter(title="refund"))
    with pytest.raises(UnsupportedQuery):
        list(SearchQuerySet().exclude(content="refund"))
    assert list(SearchQuerySet().auto_query("")) == []


def test_update_index_keeps_the_index_exact(search_index):
    position = indexing.read_position()
    Issue.objects.filter(slug="returns").update(title_en="Changed behind the log's back")
    assert consistency.compare().stale
    call_command("update_index", verbosity=0)
    assert not consistency.compare()
    assert indexing.read_position() == position


def test_clear_index_refuses_while_entries_are_published(search_index):
    with pytest.raises(CommandError, match="rebuild_index"):
        call_command("clear_index", interactive=False, verbosity=0)
    assert not consistency.compare()
    assert len(consistency.indexed_fingerprints()) == published_entries()
