import pytest

from search.analysis import normalize_query
from search.query import parse_query
from search.ranking import _group, _title_queries


def test_quoted_text_becomes_a_phrase_and_the_rest_words():
    parsed = parse_query('"login password" reset')
    assert parsed.phrases == [["login", "password"]]
    assert parsed.primary_words == ["reset"]


def test_a_quoted_single_word_is_just_a_word():
    assert parse_query('"refund"').primary_words == ["refund"]


@pytest.mark.parametrize(
    "text",
    ['refund AND (card OR "gift', "title:refund*", "~~~", "退款 NOT 礼品卡^2", '"', "a" * 10_000],
)
def test_whoosh_syntax_is_plain_text_and_never_raises(text):
    parsed = parse_query(text)
    [_group(group) for group in parsed.groups]
    _title_queries(parsed)


def test_normalize_query_folds_width_case_space_and_control_characters():
    assert normalize_query("  \uff32\uff45\uff46\uff55\uff4e\uff44\x00  退款\n ") == "refund 退款"


def test_highlight_terms_include_sub_words():
    assert "礼品" in parse_query("礼品卡").highlight_terms()
