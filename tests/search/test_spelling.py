import pytest

from search.query import parse_query
from search.snapshot import current_snapshot
from search.spelling import edit_distance, typo_budget

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
def vocabulary(search_index):
    return current_snapshot().index.vocabulary


def test_unknown_words_get_corrections_known_words_do_not(vocabulary):
    assert vocabulary.corrections("recieved")[0] == "received"
    assert vocabulary.corrections("refnud")[0] == "refund"
    assert vocabulary.corrections("refund") == []


def test_short_words_are_never_corrected(vocabulary):
    assert vocabulary.corrections("cart") == []  # not "card", not "care"


def test_run_together_words_are_split(vocabulary):
    assert vocabulary.split_compound("orderstatus") == ("order", "status")
    assert vocabulary.split_compound("order") is None


@pytest.mark.parametrize("word", ["mean", "often", "wont"])
def test_words_are_not_split_into_stop_words(vocabulary, word, client):
    assert vocabulary.split_compound(word) is None
    assert client.get("/api/search/", {"q": word, "lang": "en"}).status_code == 200
    for group in parse_query(word, vocabulary=vocabulary).groups:
        assert all(alternative.words for alternative in group)


def test_parsed_query_offers_the_corrected_query(vocabulary):
    parsed = parse_query("acount lockd", vocabulary=vocabulary)
    assert parsed.suggestion() == "account locked"


def test_corrections_weigh_less_than_the_exact_word(vocabulary):
    [group] = parse_query("recieve", vocabulary=vocabulary).groups
    assert group[0].weight == 1.0
    assert all(alternative.weight < 1.0 for alternative in group[1:])


def test_api_suggests_a_spelling_and_still_finds_the_answer(client, search_index):
    body = client.get("/api/search/", {"q": "refnud", "lang": "en"}).json()
    assert body["suggestion"] == "refund"
    assert body["results"][0]["slug"] == "returns"
    assert client.get("/api/search/", {"q": "refund", "lang": "en"}).json()["suggestion"] is None


def test_page_offers_did_you_mean(client, search_index):
    html = client.get("/en/search/", {"q": "pasword"}).content.decode()
    assert 'Did you mean <a href="?q=password">password</a>?' in html
