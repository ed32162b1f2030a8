import json
import re
from pathlib import Path

import pytest
from pypinyin.phrases_dict import phrases_dict

from search import lexicon
from search.analysis import analyze, is_chinese
from search.pinyin import (
    PinyinReader,
    readings_by_word,
    syllable_count,
    syllable_set,
    without_tone_marks,
    word_readings,
)
from search.services import faq_search

GUIDE = Path(__file__).resolve().parents[2] / "fixtures" / "guide.json"
ENGLISH = {"gift", "card", "live", "chat", "email", "phone", "return", "change", "how", "to"}
VOCABULARY = [
    "修改", "密码", "物流", "不", "更新", "包裹", "丢失", "退款", "到账", "还款", "重新", "中心",
    "银行", "绿色", "方案", "反感", "西安", "先", "账户", "解锁", "礼品卡", "礼品", "卡",
]  # fmt: skip


@pytest.fixture(scope="module")
def reader() -> PinyinReader:
    return PinyinReader(VOCABULARY, is_english_word=ENGLISH.__contains__)


@pytest.fixture(scope="module")
def guide_reader() -> PinyinReader:
    """The reader of the shipped guide: its Chinese index terms, its English words."""
    chinese, english = set(), set()
    for row in json.loads(GUIDE.read_text(encoding="utf-8")):
        for name, value in row["fields"].items():
            if isinstance(value, str) and name.endswith("_zh_hans"):
                chinese.update(t.text for t in analyze(value) if is_chinese(t.text))
            elif isinstance(value, str) and name.endswith("_en"):
                english.update(re.findall(r"[a-z]{2,}", value.lower()))
    return PinyinReader(chinese, is_english_word=english.__contains__)


def test_words_typed_with_spaces_are_read(reader):
    assert reader.read("xiugai mima") == [["修改"], ["密码"]]


@pytest.mark.parametrize("query", ["wuliubugengxin", "wuliu bu gengxin", "wu liu bu geng xin"])
def test_spaces_are_optional(reader, query):
    assert reader.read(query) == [["物流"], ["不"], ["更新"]]


def test_a_space_inside_a_syllable_is_not_pinyin(reader):
    assert reader.read("baog uo") is None


@pytest.mark.parametrize("query", ["gift card", "live chat", "email", "phone", "return"])
def test_english_words_are_not_read_as_pinyin(reader, query):
    assert reader.read(query) is None


@pytest.mark.parametrize("query", ["qwrtzp", "pasword", "xiugai qwrtzp"])
def test_what_does_not_parse_as_pinyin_is_none(reader, query):
    assert reader.read(query) is None


def test_a_minority_of_english_words_leaves_the_pinyin_read(reader):
    assert reader.read("email xiugai mima") == [["修改"], ["密码"]]


@pytest.mark.parametrize("query", ["change mima", "how to xiugai mima"])
def test_english_as_many_as_pinyin_is_not_read(reader, query):
    assert reader.read(query) is None


def test_a_lone_syllable_is_not_read(reader):
    assert reader.read("ka") is None
    assert reader.read("ka mima") == [["卡"], ["密码"]]


def test_a_word_may_span_a_space_between_its_syllables(reader):
    assert reader.read("lipin ka") == [["礼品卡"]]


@pytest.mark.parametrize(
    ("query", "word"),
    [("huankuan", "还款"), ("haikuan", "还款"), ("chongxin", "重新"), ("yinhang", "银行")],
)
def test_polyphonic_characters_read_every_common_way(reader, query, word):
    assert reader.read(query) == [[word]]


def test_a_heteronym_reads_only_as_its_words(reader):
    assert reader.read("zhongxin") == [["中心", "重新"]]


@pytest.mark.parametrize("query", ["lvse", "luse", "lüse"])
def test_u_umlaut_is_typed_v_or_u(reader, query):
    assert reader.read(query) == [["绿色"]]


def test_homophones_are_read_together(reader):
    assert reader.read("fangan") == [["反感", "方案"]]


@pytest.mark.parametrize(
    ("query", "word"), [("fang'an", "方案"), ("fang an", "方案"), ("xi'an", "西安")]
)
def test_an_apostrophe_or_space_decides_the_syllables(reader, query, word):
    assert reader.read(query) == [[word]]


def test_fewer_longer_words_are_preferred(reader):
    assert reader.read("lipinka") == [["礼品卡"]]


def test_words_the_vocabulary_lacks_are_not_produced(reader):
    assert reader.read("maijia luntan") == []


def test_chinese_around_pinyin_is_left_to_the_caller(reader):
    assert reader.read("账户 jiesuo mima") == [["解锁"], ["密码"]]


def test_the_syllable_count_is_the_fewest():
    assert (syllable_count("xian"), syllable_count("xi'an"), syllable_count("zzz")) == (1, 2, None)


def test_frequent_words_come_first():
    reader = PinyinReader({"方案": 1, "反感": 9})
    assert reader.read("fangan") == [["反感", "方案"]]
    assert PinyinReader({"方案": 9, "反感": 1}).read("fangan") == [["方案", "反感"]]


def test_of_readings_with_as_many_words_the_common_one_wins():
    # 提 is read dī in 提防 and 找 huá in old texts: "dianhuakefu" could be 提案 找客服.
    reader = PinyinReader(["提案", "找客服", "电话", "客服"])
    assert reader.read("dianhuakefu") == [["电话"], ["客服"]]
    assert reader.read("dianhua kefu") == [["电话"], ["客服"]]
    assert reader.read("di an") == [["提案"]]  # a less common reading still reads


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("zhanghu jiesuo", ["账户", "解锁"]),
        ("tuikuan daozhang", ["退款", "到账"]),
        ("baoguo diushi", ["包裹", "丢失"]),
        ("zaixianliaotian", ["在线聊天"]),
        ("wuliubugengxin", ["物流", "更新"]),  # 不 is a stop word: not an index term
    ],
)
def test_the_guide_vocabulary_reads(guide_reader, query, words):
    assert [slot[0] for slot in guide_reader.read(query)] == words


@pytest.mark.parametrize("query", ["gift card", "live chat", "email", "phone", "return policy"])
def test_the_guide_english_stays_english(guide_reader, query):
    assert guide_reader.read(query) is None


def test_fifty_thousand_words_build_a_reader_that_reads_them():
    """Its speed is measured by `make bench`, never asserted here."""
    words = list(phrases_dict)[:50_000]
    reader = PinyinReader(words)
    assert reader.read("tuikuan duojiu daozhang")


def test_a_reader_reads_the_lexicon_in_two_queries_not_one_per_word(monkeypatch):
    """A reader is built over every Chinese term of an index (4,600 at 10,000 entries): its
    words' and characters' readings come in two queries, as a query of each gives them."""

    def one_by_one(word: str) -> list:
        characters = {c: lexicon.value("characters", c) for c in word}
        phrase = lexicon.value("phrases", word)
        return word_readings(word, characters, {word: phrase} if phrase else {})

    words = [*VOCABULARY, "重新开始", "行长", "长城", "还款"]
    syllable_set()  # read once per process
    queries = []
    lookup = lexicon.lookup
    monkeypatch.setattr(lexicon, "lookup", lambda *args: queries.append(args) or lookup(*args))
    PinyinReader(words)
    assert len(queries) == 2
    assert readings_by_word(words) == {word: one_by_one(word) for word in words}


@pytest.mark.django_db
def test_the_reader_is_made_only_for_a_query_that_may_be_pinyin(search_index):
    # Making it reads every Chinese word's readings (~0.2 s at 10,000 entries): the first
    # query of a process should not pay for it when no word of it can be pinyin.
    from search.query import Lexicon, parse_query
    from search.snapshot import current_snapshot

    made, real = [], current_snapshot().lexicon
    lexicon = Lexicon(
        real.synonyms,
        real.vocabulary,
        real.speller,
        real.thesaurus,
        lambda _lexicon: made.append(True) or real.pinyin,
        real.dictionary,
    )
    for query in ("refund policy", "退款多久到账", "礼品卡 refund"):
        parse_query(query, lexicon=lexicon)
    assert not made
    assert parse_query("xiugai mima", lexicon=lexicon).reading == "修改密码"
    assert made == [True]


@pytest.fixture(scope="module")
def marked_reader() -> PinyinReader:
    return PinyinReader(["提案", "快递", "修改", "密码", "西安", "档案"])


def test_an_unmarked_vowel_syllable_is_read_as_one_syllable(marked_reader):
    # Pinyin marks off a syllable starting with a, o or e ("ti'an"): "tian" is one syllable,
    # so 3 tian is no 提案 (a proposal); a syllable nobody has a word for is left unread.
    assert marked_reader.read("kuaidi santian") == [["快递"]]
    assert marked_reader.read("kuaidi ti'an") == [["快递"], ["提案"]]
    assert marked_reader.read("kuaidi santian", orthography=False) == [["快递"], ["提案"]]
    assert marked_reader.read("xian mima") == [["密码"]]
    assert marked_reader.read("xi'an mima") == [["西安"], ["密码"]]


def test_an_unmarked_reading_is_read_when_the_letters_are_no_one_syllable(marked_reader):
    # Typists leave the apostrophe out: "dangan" can only be two syllables, and is 档案.
    assert marked_reader.read("dangan") == [["档案"]]


@pytest.mark.parametrize("query", ["xiu1gai3 mi4ma3", "xiu1gai3mi4ma3", "xiugai3 mima"])
def test_tone_numbers_end_syllables(marked_reader, query):
    assert marked_reader.read(query) == [["修改"], ["密码"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "reading"),
    [("nazhong lianxifangshi zuihao", "哪种联系方式最好"), ("denglu yizhi shibai", "登录一直失败")],
)
def test_the_words_the_parser_knows_are_read_as_themselves(search_index, query, reading):
    # The index holds no 哪种 or 一直 (stop words) and no 失败 (a failure word the parser
    # knows): a reader of its words alone read "nazhong" as 内中 (内's rare reading nà) and
    # "yizhi shibai" as 以只是, a syllable dropped.
    from search.services import faq_search

    assert faq_search(query=query, lang="zh-hans", record=False).suggestion == reading


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["zen me tui huo", "zenme tuihuo"])
def test_an_english_stop_word_among_pinyin_is_read_as_pinyin(search_index, query):
    # "me" is an English word, and says nothing in English: "zen me" is 怎么. Did-you-mean
    # offered "me 退货".
    results = faq_search(query=query, lang="zh-hans", record=False)
    assert results.suggestion == "怎么退货"
    assert results.hits[0].slug == "returns"


def test_a_stop_word_beside_english_words_is_no_pinyin(reader):
    assert reader.read("help me") is None


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["tuì huò", "tui4 huo4", "wù liú xìn xī"])
def test_tone_marks_and_tone_numbers_read_as_toneless_pinyin(search_index, query):
    results = faq_search(query=query, lang="zh-hans", record=False)
    assert results.hits, query
    assert results.suggestion in {"退货", "物流信息"}


def test_tone_marks_come_off_the_vowels_and_u_keeps_its_dots():
    assert without_tone_marks("tuì huò lǜ NǙ") == "tui huo lü NÜ"
    assert without_tone_marks("refund 退款") == "refund 退款"
