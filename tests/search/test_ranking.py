"""Ranking a user would notice: titles first, every word before some, Traditional = Simplified."""

import math

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from search.config import COVERAGE_POWER, MIN_COVERAGE
from search.ranking import _by_coverage
from search.scoring import any_of
from search.services import faq_search
from tests.factories import TipFactory

pytestmark = pytest.mark.django_db


def slugs(query, lang="en"):
    return [hit.slug for hit in faq_search(query=query, lang=lang, record=False).hits]


@pytest.fixture
def tips(db):
    TipFactory(slug="in-title", title_en="Parcel locker pickup", body_en="Collect it.")
    TipFactory(
        slug="in-passing",
        title_en="Other things",
        body_en="A parcel may wait in a locker; pickup is easy. Parcel, locker, pickup again.",
    )
    TipFactory(slug="one-word", title_en="Parcel tips", body_en="About parcels.")
    call_command("rebuild_index", interactive=False, verbosity=0)


def test_an_entry_whose_title_has_every_word_beats_passing_mentions(tips):
    assert slugs("parcel locker pickup")[:2] == ["in-title", "in-passing"]


def test_entries_holding_every_word_rank_above_those_holding_some(tips):
    assert slugs("parcel locker") == ["in-title", "in-passing", "one-word"]
    assert set(slugs("parcel zebra")) == {"in-title", "in-passing", "one-word"}


def test_without_coverage_every_word_is_required_until_that_finds_nothing(tips, settings):
    settings.SEARCH_MECHANISMS_OFF = ["coverage"]
    assert "one-word" not in slugs("locker parcel")
    assert set(slugs("zebra parcel")) == {"in-title", "in-passing", "one-word"}


def test_traditional_and_simplified_queries_find_the_same(search_index):
    assert slugs("退貨被拒絕", "zh-hans")[0] == slugs("退货被拒绝", "zh-hans")[0] == "returns"
    assert slugs("禮品卡", "zh-hans")[0] == "gift-cards"


group_maps = st.lists(
    st.dictionaries(st.integers(0, 30), st.floats(0.01, 30.0), max_size=20), min_size=2, max_size=5
)


@given(group_maps, st.none() | st.dictionaries(st.integers(0, 30), st.floats(0.0, 5.0)))
def test_coverage_weighs_the_summed_scores_by_the_share_of_groups_covered(groups, within):
    """_by_coverage sums and weighs in one walk: the same floats as any_of's sums, each
    times its share of the groups' idf weights to COVERAGE_POWER."""
    documents = 1000
    summed = any_of(groups, within=within)
    weights = [math.log(1 + documents / len(group)) if group else 0.0 for group in groups]
    covered = dict.fromkeys(summed, 0.0)
    for weight, group in zip(weights, groups, strict=True):
        for docnum in group:
            if docnum in covered:
                covered[docnum] += weight
    total, floor = sum(weights) or 1.0, MIN_COVERAGE * max(covered.values(), default=0.0)
    expected = {
        d: s * (covered[d] / total) ** COVERAGE_POWER
        for d, s in summed.items()
        if covered[d] >= floor
    }
    ranked = _by_coverage(groups, within, documents)
    assert ranked.keys() == expected.keys()
    assert all(repr(ranked[docnum]) == repr(expected[docnum]) for docnum in expected)


@pytest.mark.parametrize("query, lang", [("customer service", "en"), ("客服", "zh-hans")])
def test_a_topic_typed_alone_is_answered_by_the_pages_whose_titles_name_it(
    search_index, query, lang
):
    # Every page is about customer service; the escalation tip's body says it most, but its
    # title ("Escalate if you need to") does not (review).
    results = faq_search(query=query, lang=lang, record=False)
    assert results.hits[0].slug != "escalate"
    assert query.replace(" ", "").lower() in results.hits[0].title.replace(" ", "").lower()
