"""Translations across the two languages (search/bridge.py, CC-CEDICT)."""

import pytest
from django.core.management import call_command

from search import bridge
from search.lexicon import TABLES
from search.services import faq_search
from tests.factories import TipFactory

pytestmark = pytest.mark.django_db

TABLE = TABLES.with_name("cedict.tsv")


def test_a_chinese_word_has_its_english_glosses_most_common_first():
    assert bridge.english("邮箱")[:2] == ("mailbox", "email")
    assert bridge.english("登入")[0] == "log in"  # "to" dropped from verbs
    assert bridge.english("refund") == ()  # only Chinese words are keys


def test_an_english_word_leads_to_the_chinese_words_it_first_glosses():
    assert "有礼貌" in bridge.chinese("courteous")
    assert "有礼貌" in bridge.chinese("Courteous")
    assert bridge.chinese("qwertyuiop") == ()


def test_the_table_is_sorted_and_carries_its_licence():
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    words = [line.split("\t")[0] for line in lines]
    assert words == sorted(words) and len(words) == len(set(words))
    assert all(len(line.split("\t")) == 2 for line in lines)
    notice = TABLE.with_name("CEDICT-LICENSE.txt").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0" in notice


@pytest.fixture
def one_sided(db):
    """Entries whose words differ by language: each is found from the other language only
    through a translation."""
    TipFactory(slug="mailbox", title_zh_hans="通知", body_zh_hans="我们会通知您。",
               title_en="Email", body_en="We write to your email.")  # fmt: skip
    TipFactory(slug="courtesy", title_zh_hans="有礼貌", body_zh_hans="说话有礼貌。",
               title_en="Kindness", body_en="Be kind.")  # fmt: skip
    call_command("rebuild_index", interactive=False, verbosity=0)


def slugs(query, lang):
    return [hit.slug for hit in faq_search(query=query, lang=lang, record=False).hits]


def test_a_word_finds_an_entry_through_its_translation(one_sided):
    assert slugs("邮箱", "zh-hans") == ["mailbox"]  # 邮箱: "mailbox; email"
    assert slugs("courteous", "en") == ["courtesy"]  # "courteous" glosses 有礼貌


def test_translations_can_be_turned_off(one_sided, settings):
    settings.SEARCH_MECHANISMS_OFF = ["translations"]
    assert slugs("邮箱 ", "zh-hans") == []
    assert slugs("courteous ", "en") == []


@pytest.mark.parametrize(
    "form, base",
    [("charged", "charge"), ("shipped", "ship"), ("replies", "reply"), ("calls", "call")],
)
def test_an_inflected_english_word_has_its_base_form(form, base):
    assert bridge.base_forms(form)[0] == base


def test_a_word_that_is_no_english_has_no_base_form():
    assert bridge.base_forms("包裹") == [] and bridge.base_forms("e-mail") == []


def test_an_irregular_english_form_has_its_base_form():
    assert bridge.base_forms("bought") == ["buy"]  # WordNet's exception list, no rule
