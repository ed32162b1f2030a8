import pytest

from search.query import parse_query
from search.snapshot import current_snapshot
from search.spelling import edit_distance, is_slip, typo_budget

pytestmark = pytest.mark.django_db


def test_typo_budget_follows_word_length():
    assert [typo_budget(w) for w in ["card", "refund", "password", "cancelation"]] == [0, 1, 1, 2]
    assert typo_budget("退款退款退款") == 0


def test_edit_distance_counts_a_swap_as_one_edit():
    assert edit_distance("recieve", "receive") == 1
    assert edit_distance("acount", "account") == 1
    assert edit_distance("refund", "refund") == 0
    assert edit_distance("kitten", "sitting") == 3


@pytest.fixture
def lexicon(search_index):
    return current_snapshot().lexicon


@pytest.fixture
def speller(lexicon):
    return lexicon.speller


def test_unknown_words_get_corrections_known_words_do_not(speller):
    assert speller.corrections("recieved")[0] == "received"
    assert speller.corrections("refnud")[0] == "refund"
    assert speller.corrections("refund") == []


def test_short_words_are_corrected_only_for_two_swapped_letters(speller):
    assert speller.corrections("cart") == []  # a word; and not "card", not "care"
    assert speller.corrections("crad") == ["card"]
    assert speller.corrections("chta") == ["chat"]
    assert speller.corrections("hlep") == ["help"]
    assert speller.corrections("cxrd") == []  # a letter replaced: too far for 4 letters
    assert speller.corrections("hte") == []  # 3 letters: never


def test_a_short_word_swapped_from_a_general_english_word_suggests_it(speller):
    assert "blur" in speller.corrections("lbur")  # not in the guide, a word


def test_real_english_words_are_never_corrected(speller):
    # Not in the guide, but words: "blender" is not a typo of anything the guide says.
    assert speller.corrections("blender") == []
    assert speller.corrections("charger") == []
    # WordNet words of no synonym class (a synset of one lemma) are words too: "crickets"
    # ("no answer, just crickets") is no typo of "rickets".
    assert speller.corrections("crickets") == []
    assert speller.corrections("mangers") == []
    # Names are not: "Oder" (the river) does not make "odered" a word.
    assert speller.corrections("odered")[0] == "ordered"


def test_run_together_words_are_split(speller):
    assert speller.split("orderstatus") == ("order", "status")
    assert speller.split("order") is None


@pytest.mark.parametrize("word", ["mean", "often", "wont"])
def test_words_are_not_split_into_stop_words(speller, lexicon, word, client):
    assert speller.split(word) is None
    assert client.get("/api/search/", {"q": word, "lang": "en"}).status_code == 200
    for group in parse_query(word, lexicon=lexicon).groups:
        assert all(alternative.words for alternative in group)


def test_parsed_query_offers_the_corrected_query(lexicon):
    assert parse_query("acount lockd", lexicon=lexicon).suggestion() == "account locked"


def test_every_misspelt_word_is_corrected(lexicon):
    assert parse_query("pasword resett", lexicon=lexicon).suggestion() == "password reset"


@pytest.mark.parametrize("typed", ["item doesnt work", "order hasnt shipped", "i cant login"])
def test_a_contraction_typed_without_its_apostrophe_is_not_misspelt(lexicon, typed):
    assert parse_query(typed, lexicon=lexicon).suggestion() is None


@pytest.mark.parametrize("typed", ["iphone", "ipad"])
def test_a_name_the_dictionary_knows_is_not_corrected(lexicon, typed):
    # Not in WordNet, one edit from "phone" / "paid": CC-CEDICT glosses it (苹果手机).
    assert parse_query(typed, lexicon=lexicon).suggestion() is None


def test_did_you_mean_is_offered_only_when_it_differs_from_the_query(lexicon):
    # A correction inside Chinese text: "refnud" is corrected where it stands, and a query
    # whose every word is as typed offers nothing (not the query again, lowercased).
    assert parse_query("refnud退款", lexicon=lexicon).suggestion() == "refund退款"
    assert parse_query("iPhone屏幕碎了", lexicon=lexicon).suggestion() is None


@pytest.mark.parametrize(
    "typed, read_as",
    [
        ("returnpolicy", "return policy"),
        ("trackingnumber", "tracking number"),
        ("track ing", "tracking"),
        ("e mail", "email"),
    ],
)
def test_joined_and_split_words_are_matched_both_ways(lexicon, typed, read_as):
    """By rule, not by listing pairs: no typed form here is in an editor's synonym set."""
    assert parse_query(typed, lexicon=lexicon).suggestion() == read_as
    typed_words = {
        w for g in parse_query(typed, lexicon=lexicon).groups for a in g for w in a.words
    }
    read_words = {
        w for g in parse_query(read_as, lexicon=lexicon).groups for a in g for w in a.words
    }
    assert typed_words & read_words


def test_a_corrected_word_weighs_less_than_an_exact_one(lexicon):
    [corrected] = parse_query("recieve", lexicon=lexicon).groups
    [exact] = parse_query("receive", lexicon=lexicon).groups
    assert exact[0].weight == 1.0
    assert all(alternative.weight < 1.0 for alternative in corrected)
    assert corrected[0].words == exact[0].words


def test_a_corrected_word_brings_its_synonyms(lexicon):
    [group] = parse_query("defetcive", lexicon=lexicon).groups
    assert ("faulti",) in [alternative.words for alternative in group]


def test_api_suggests_a_spelling_and_still_finds_the_answer(client, search_index):
    body = client.get("/api/search/", {"q": "refnud", "lang": "en"}).json()
    assert body["suggestion"] == "refund"
    assert body["results"][0]["slug"] == "returns"
    assert client.get("/api/search/", {"q": "refund", "lang": "en"}).json()["suggestion"] is None


def test_page_offers_did_you_mean(client, search_index):
    html = client.get("/en/search/", {"q": "pasword"}).content.decode()
    assert 'Did you mean <a href="?q=password">password</a>?' in html


@pytest.mark.parametrize(
    "typed, known, slip",
    [
        ("realy", "really", True),
        ("reallly", "really", True),
        ("chta", "chat", True),
        ("realy", "reply", False),
        ("chat", "chat", False),
    ],
)
def test_a_slip_is_a_swap_or_a_doubled_letter(typed, known, slip):
    assert is_slip(typed, known) is slip
