"""Ranking a user would notice: titles first, every word before some, Traditional = Simplified."""

import pytest
from django.core.management import call_command

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
