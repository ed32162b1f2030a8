from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import query as wq
from whoosh.formats import Positions

from search.scoring import (
    _in_a_row,
    all_of,
    any_of,
    best,
    best_of,
    bm25_norms,
    matcher_score_map,
    matcher_scores_within,
    phrase_score_map,
    postings_blocks,
    read_block,
    read_ids,
    term_score_map,
)
from search.snapshot import current_snapshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("term", ["refund", "客服", "packag", "礼品卡"])
def test_term_scores_equal_whooshs_own(search_index, term):
    index = current_snapshot().index
    query = wq.Term("text", term, boost=0.8)
    ours = term_score_map(index.searcher, query, bm25_norms(index.field_lengths("text")))
    whooshs = matcher_score_map(index.searcher, query)
    assert ours.keys() == whooshs.keys()
    assert ours
    for docnum, score in whooshs.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-6)


def test_maps_combine_like_and_and_or():
    a, b = {1: 1.0, 2: 2.0, 3: 0.5}, {2: 1.0, 3: 1.0, 4: 3.0}
    assert all_of([a, b]) == {2: 3.0, 3: 1.5}
    assert any_of([a, b]) == {1: 1.0, 2: 3.0, 3: 1.5, 4: 3.0}
    assert any_of([a, b], within={3: 10.0, 4: 0.0}) == {3: 11.5, 4: 3.0}
    assert best({1: 1.0, 2: 3.0, 3: 3.0, 4: 0.1}, 3) == [2, 3, 1]


def test_a_group_scores_its_best_alternative_plus_a_fraction_of_the_others():
    word, synonym = {1: 4.0, 2: 1.0}, {1: 2.0, 3: 3.0}
    assert best_of([word, synonym], 0.5) == {1: 5.0, 2: 1.0, 3: 3.0}
    assert best_of([word, synonym], 1.0) == {1: 6.0, 2: 1.0, 3: 3.0}
    assert best_of([word, synonym], 0.0) == {1: 4.0, 2: 1.0, 3: 3.0}


@pytest.mark.parametrize("term", ["refund", "客服", "礼品卡"])
def test_postings_read_a_block_at_a_time_equal_whooshs_public_reading(search_index, term):
    """The pinned Whoosh's private block arrays (W3LeafMatcher) still read as the public API."""
    reader = current_snapshot().index.searcher.reader()
    blocks = [
        (docnum, weight)
        for docnums, weights in postings_blocks(reader.postings("text", term))
        for docnum, weight in zip(docnums, weights, strict=True)
    ]
    one_by_one, postings = [], reader.postings("text", term)
    assert type(postings).__name__ == "W3LeafMatcher"
    while postings.is_active():
        one_by_one.append((postings.id(), postings.weight()))
        postings.next()
    assert blocks == one_by_one


def ranking_phrases(snapshot) -> list[wq.Phrase]:
    """Every phrase the ranking asks about for the labelled queries: multi-word synonyms,
    bigrams in a row, quoted phrases, their title-field forms and the words as typed."""
    from search import ranking
    from tests.search.relevance import load_cases

    phrases = []
    for _lang, query, _answers in load_cases():
        parsed = ranking.parse(query, snapshot)
        queries = [ranking._group(group) for group in parsed.groups]
        queries += ranking._title_queries(parsed)
        queries += [ranking._phrase(terms) for terms in parsed.phrases]
        if len(parsed.primary_words) > 1:
            queries.append(ranking._phrase(parsed.primary_words, boost=2.0))
        for query in queries:
            children = query.subqueries if isinstance(query, wq.Or) else [query]
            phrases += [child for child in children if type(child) is wq.Phrase]
    return list({repr(phrase): phrase for phrase in phrases}.values())


def test_phrase_scores_are_exactly_whooshs(search_index):
    """The phrase scorer reads postings itself; its documents and scores (to the last bit)
    are Whoosh's phrase matcher's, over the whole index and within a window."""
    snapshot = current_snapshot()
    index = snapshot.index
    phrases = ranking_phrases(snapshot)
    window = list(range(0, index.document_count, 3))
    matched = 0
    for phrase in phrases:
        lengths = index.field_lengths(phrase.fieldname)
        ours = phrase_score_map(index.searcher, phrase, lengths)
        assert ours is not None, phrase  # a fresh build is one segment: never Whoosh's
        assert list(ours.items()) == list(matcher_score_map(index.searcher, phrase).items())
        within = phrase_score_map(index.searcher, phrase, lengths, within=window)
        assert within == matcher_scores_within(index.searcher, phrase, window)
        matched += bool(ours)
    assert len(phrases) > 50 and matched > 20


def test_phrases_of_an_index_with_deletions_are_scored_by_whoosh(search_index):
    from whoosh import index as whoosh_index

    from search.snapshot import live_build

    writer = whoosh_index.open_dir(str(live_build())).writer()
    writer.delete_by_term("django_ct", "faq.channel")
    writer.commit()
    index = current_snapshot().index
    phrase = wq.Phrase("text", ["contact", "custom", "servic"])
    assert phrase_score_map(index.searcher, phrase, index.field_lengths("text")) is None
    expected = matcher_score_map(index.searcher, phrase)
    assert expected and index.scores.scores(phrase) == expected


@pytest.mark.parametrize("term", ["refund", "客服", "礼品卡", "packag"])
def test_document_numbers_decode_as_whooshs_own_reading(search_index, term):
    """read_ids gives each block's document numbers as the pinned Whoosh's _read_ids."""
    reader = current_snapshot().index.searcher.reader()
    ours, whooshs = reader.postings("text", term), reader.postings("text", term)
    while whooshs.is_active():
        read_block(ours)
        read_ids(ours)
        whooshs._read_ids()
        assert ours._ids == whooshs._ids
        ours._next_block(), whooshs._next_block()


def test_every_block_gives_the_same_int_object_for_a_document_number():
    """A cached score map keeps its keys: shared, a posting costs ~54 bytes, not ~81."""
    first = SimpleNamespace(_ids=None, _data=((300, 5, 1), None, None), _byteids=False, _maxid=306)
    second = SimpleNamespace(_ids=None, _data=((305, 1), None, None), _byteids=False, _maxid=306)
    read_ids(first), read_ids(second)
    assert first._ids == (300, 305, 306) and second._ids == (305, 306)
    assert first._ids[1] is second._ids[0] and first._ids[2] is second._ids[1]


def test_a_group_of_one_alternative_is_that_alternatives_map(search_index):
    scores = current_snapshot().index.scores
    word = wq.Term("text", "refund", boost=0.8)
    group = scores.scores(wq.Or([word]))
    assert group and group is scores.scores(word)
    assert list(group.items()) == list(best_of([group]).items())
    assert wq.Or([word]) in scores
    assert repr(wq.Or([word])) not in scores._maps  # kept once, under the word's key


def test_a_dis_max_group_scores_each_entry_by_its_best_alternative(search_index):
    # A topic word's group (ranking._group_scores). Not compared with Whoosh's own
    # DisjunctionMax: 2.7.4's matcher takes each sub-matcher's score wherever it stands, so
    # entries without "agent" got its 5.8 from the escalation tip further on.
    scores = current_snapshot().index.scores
    words = [wq.Term("text", "客服"), wq.Term("text", "agent"), wq.Term("text", "客服代表")]
    maps = [scores.scores(word) for word in words]
    best = scores.scores(wq.DisjunctionMax(words))
    assert best == {d: max(m[d] for m in maps if d in m) for d in set().union(*maps)}
    assert scores.scores(wq.Or(words)) == best_of(maps) != best


positive_scores = st.dictionaries(
    st.integers(0, 40), st.sampled_from([0.5, 1.0, 1.25, 2.0]) | st.floats(0.01, 30.0)
)


@given(st.lists(positive_scores, min_size=1, max_size=5), st.sampled_from([0.0, 0.4, 0.7]))
def test_dis_max_is_the_best_map_plus_a_fraction_of_the_others(maps, tie_breaker):
    expected = {}
    for docnum in {docnum for score_map in maps for docnum in score_map}:
        found = [score_map[docnum] for score_map in maps if docnum in score_map]
        total = 0.0
        for score in found:
            total += score
        expected[docnum] = max(found) + tie_breaker * (total - max(found))
    combined = best_of(maps, tie_breaker)
    assert combined.keys() == expected.keys()
    assert all(repr(combined[docnum]) == repr(expected[docnum]) for docnum in expected)


@given(positive_scores, st.integers(1, 45))
def test_the_best_are_the_highest_scores_ties_by_document_number(scores, count):
    expected = sorted(scores, key=lambda docnum: (-scores[docnum], docnum))[:count]
    assert best(scores, count) == expected


@pytest.mark.parametrize(
    ("positions", "in_a_row"),
    [
        ([[1, 5], [2, 9], [3]], True),
        ([[1, 5], [6, 9], [7]], True),
        ([[1, 5], [2, 9], [4]], False),
        ([[1], [3]], False),
        ([[4, 8], [5, 9], [6, 10], [7]], True),
    ],
)
def test_words_stand_in_a_row_where_each_follows_the_last(positions, in_a_row):
    format_ = Positions()
    values = [format_.encode(each) for each in positions]
    assert _in_a_row(values, format_.decode_positions) is in_a_row
