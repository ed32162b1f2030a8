import importlib.machinery
import importlib.util
import json
import re
from pathlib import Path

import pytest

from search.analysis import analyze, is_chinese, query_terms
from search.thesaurus import (
    CILIN,
    CILIN_NEAR,
    DERIVED_WEIGHT,
    LEXICON,
    NEAR_WEIGHT,
    WEIGHT,
    WORDNET,
    WORDNET_DERIVED,
    Expansion,
    build_thesaurus,
    parse_resources,
    read_lines,
)

ROOT = Path(__file__).resolve().parents[2]


def expansions(thesaurus, *words):
    return [(" ".join(e.words), e.source) for e in thesaurus.lookup(list(words))]


@pytest.fixture(scope="module")
def guide_thesaurus():
    """The thesaurus of the shipped guide: its Chinese terms, its English words as written."""
    chinese, english = set(), set()
    for row in json.loads((ROOT / "fixtures" / "guide.json").read_text(encoding="utf-8")):
        for name, value in row["fields"].items():
            if isinstance(value, str) and name.endswith("_zh_hans"):
                chinese.update(t.text for t in analyze(value) if is_chinese(t.text))
            elif isinstance(value, str) and name.endswith("_en"):
                english.update(re.findall(r"[a-z]{2,}", value.lower()))
    return build_thesaurus(chinese, english), chinese


def test_a_cilin_synonym_leads_to_the_index_word():
    thesaurus = build_thesaurus(["丢失"], [])
    assert thesaurus.lookup(["遗失"]) == [Expansion(("丢失",), 0.5, CILIN)]


def test_a_word_of_the_same_cilin_small_class_leads_there_below_a_synonym():
    # 收据 (Bp19A03) and 发票 (Bp19A05): other synonym classes of one small class, Bp19A.
    thesaurus = build_thesaurus(["发票"], [])
    assert thesaurus.lookup(["收据"]) == [Expansion(("发票",), NEAR_WEIGHT, CILIN_NEAR)]
    assert NEAR_WEIGHT < WEIGHT
    assert any(s.source == CILIN_NEAR and "收据" in s.terms for s in thesaurus.sets)


def test_a_synonym_outweighs_a_word_of_the_same_small_class():
    # 发单 is 发票's synonym (Bp19A05); 收据 only shares its small class.
    thesaurus = build_thesaurus(["发单", "收据"], [])
    assert thesaurus.lookup(["发票"]) == [
        Expansion(("发单",), WEIGHT, CILIN),
        Expansion(("收据",), NEAR_WEIGHT, CILIN_NEAR),
    ]


def test_a_wordnet_synonym_leads_to_the_index_word():
    thesaurus = build_thesaurus([], ["package"])
    assert thesaurus.lookup(["parcel"]) == [Expansion(("packag",), 0.5, WORDNET)]


def test_a_derived_form_leads_to_the_index_word_below_a_synonym():
    # "patience" and "patient" are derivationally related in WordNet, not synonyms.
    thesaurus = build_thesaurus([], ["patient"])
    assert thesaurus.lookup(["patienc"]) == [
        Expansion(("patient",), DERIVED_WEIGHT, WORDNET_DERIVED)
    ]
    assert DERIVED_WEIGHT < WEIGHT


def test_inflected_content_words_count():
    assert expansions(build_thesaurus([], ["packages"]), "parcel") == [("packag", WORDNET)]


def test_an_expansion_weighs_less_than_an_exact_word():
    thesaurus = build_thesaurus(["丢失", "修改"], ["package", "refund", "give", "back"])
    weights = [
        e.weight
        for key in (["遗失"], ["改动"], ["parcel"], ["repay"])
        for e in thesaurus.lookup(key)
    ]
    assert weights and all(0 < w < 1 for w in weights)


def test_words_the_index_knows_are_keys_only_when_asked():
    assert build_thesaurus(["丢失", "遗失"], []).lookup(["遗失"]) == []
    asked = build_thesaurus(["丢失", "遗失"], [], include_known=True)
    assert expansions(asked, "遗失") == [("丢失", CILIN)]


def test_the_table_matches_query_runs_like_the_synonym_table():
    thesaurus = build_thesaurus(["丢失"], ["package"])
    assert thesaurus.alternatives(["遗失"]) == [("丢失",)]
    assert thesaurus.alternatives(["快递"]) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [("我的包裹遗失了怎么办", ("丢失", CILIN)), ("my parcels never arrived", ("packag", WORDNET))],
)
def test_analysed_queries_find_their_expansions(query, expected):
    thesaurus = build_thesaurus(["丢失"], ["package"])
    found = [
        (" ".join(e.words), e.source) for t in query_terms(query) for e in thesaurus.lookup([t])
    ]
    assert found == [expected]


def test_a_chinese_key_matches_however_the_query_is_segmented():
    thesaurus = build_thesaurus(["赝品"], [])
    assert thesaurus.lookup(["冒牌", "货"]) == thesaurus.lookup(["冒牌货"]) != []


def test_multi_word_lemmas_lead_to_phrases():
    thesaurus = build_thesaurus([], ["give", "back", "refund"])
    assert ("give back", WORDNET) in expansions(thesaurus, "repay")


def test_only_synonym_classes_are_kept():
    codes = [line.split("\t")[0] for line in read_lines("cilin.tsv")]
    assert codes and all(code.endswith("=") for code in codes)
    assert build_thesaurus(["良民"], []).lookup(["顺民"]) == []  # Aa01B03#: related only


def test_a_large_class_is_a_topic_not_synonyms():
    # 甚为 and 万分 share only Ka01A01=, 51 intensifiers long.
    assert build_thesaurus(["万分"], []).lookup(["甚为"]) == []


def test_single_characters_lead_nowhere():
    assert build_thesaurus(["丢失"], []).lookup(["丢"]) == []


def test_a_word_with_many_meanings_is_no_target():
    # 可以 is in five synonym classes; 差不离 shares one of them.
    assert build_thesaurus(["可以"], []).lookup(["差不离"]) == []


def test_a_rare_sense_of_the_index_word_is_not_followed():
    # "refund" is the first sense of the synset where "return" is the tenth.
    assert ("return", WORDNET) not in expansions(build_thesaurus([], ["return"]), "refund")


def test_a_shared_stem_is_not_a_shared_word():
    # WordNet's "sever" (cut off) is not the content's "severe", though both stem to "sever".
    assert build_thesaurus([], ["severe"]).lookup(["lop"]) == []
    assert expansions(build_thesaurus([], ["sever"]), "lop") == [("sever", WORDNET)]


def test_a_stem_is_the_key_of_its_own_word_only():
    # "accountant" is stemmed "account": a customer's "account" must not reach "controller".
    assert build_thesaurus([], ["controller"]).lookup(["account"]) == []
    assert ("chronicl", WORDNET) in expansions(build_thesaurus([], ["chronicle"]), "account")


def test_a_lemma_with_a_stop_word_leads_nowhere():
    # "zero in" would search "zero" alone: the index drops "in".
    assert build_thesaurus([], ["range"]).lookup(["zero"]) == []


def test_every_class_that_connects_records_its_source():
    thesaurus = build_thesaurus(["丢失"], ["package"])
    sources = {s.source for s in thesaurus.sets}
    assert sources == {CILIN, WORDNET, WORDNET_DERIVED}  # "pack" and "package" are related
    assert any("遗失" in s.terms and "丢失" in s.terms for s in thesaurus.sets)


def test_the_guide_table_is_small_and_leads_only_to_index_words(guide_thesaurus):
    thesaurus, chinese = guide_thesaurus
    assert ("丢失", CILIN) in expansions(thesaurus, "遗失")
    assert ("packag", WORDNET) in expansions(thesaurus, "parcel")
    targets = {w for found in thesaurus.expansions.values() for e in found for w in e.words}
    assert {w for w in targets if is_chinese(w)} <= chinese
    assert len(thesaurus.expansions) < 5_000


def test_five_thousand_index_words_connect_to_many_customer_words():
    lexicon = parse_resources()
    members = (m for i in range(len(lexicon.classes)) for m in lexicon.members(i))
    words = sorted({w for m in members for w in m.written})
    chinese = [w for w in words if is_chinese(w)][::15][:2500]
    english = [w for w in words if not is_chinese(w)][::10][:2500]
    thesaurus = build_thesaurus(chinese, english)
    assert len(thesaurus.expansions) > 1000


def test_the_stored_stems_are_the_analysis_of_today():
    """Fails when search/analysis.py stems English differently: run bin/build-lexicons."""
    loader = importlib.machinery.SourceFileLoader(
        "build_lexicons", str(ROOT / "bin" / "build-lexicons")
    )
    spec = importlib.util.spec_from_loader("build_lexicons", loader)
    build = importlib.util.module_from_spec(spec)
    loader.exec_module(build)
    lines = read_lines("wordnet.tsv")[::97]
    entries = [entry.split(":") for line in lines for entry in line.split("\t")[2].split()]
    assert all(stems == build.index_form(lemma) for lemma, _sense, stems in entries)
    assert (LEXICON / "WORDNET-LICENSE.txt").read_text().startswith("WordNet Release 3.0")
