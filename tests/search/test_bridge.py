"""Translations across the two languages (search/bridge.py, CC-CEDICT)."""

import sqlite3

import pytest
from django.core.management import call_command

from search.bridge import TABLE, Dictionary
from search.services import faq_search
from tests.factories import TipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cedict(tmp_path):
    return Dictionary(folder=tmp_path)


def test_a_chinese_word_has_its_english_glosses_most_common_first(cedict):
    assert cedict.english("邮箱")[:2] == ("mailbox", "email")
    assert cedict.english("登入")[0] == "log in"  # "to" dropped from verbs
    assert cedict.english("refund") == ()  # only Chinese words are keys


def test_an_english_word_leads_to_the_chinese_words_it_first_glosses(cedict):
    assert "有礼貌" in cedict.chinese("courteous")
    assert "有礼貌" in cedict.chinese("Courteous")
    assert cedict.chinese("qwertyuiop") == ()


def test_the_sqlite_copy_is_made_once_and_holds_every_line_of_the_table(cedict, tmp_path):
    cedict.english("邮箱")
    (database,) = tmp_path.glob("cedict-*.sqlite3")
    with sqlite3.connect(database) as connection:
        (count,) = connection.execute("SELECT count(*) FROM glosses").fetchone()
    assert count == len(TABLE.read_text(encoding="utf-8").splitlines())
    assert not list(tmp_path.glob("*.tmp"))  # written aside, then moved into place
    assert Dictionary(folder=tmp_path)._database() == database  # reused, not made again


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
