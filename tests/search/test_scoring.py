import pytest
from whoosh import query as wq

from search.scoring import (
    all_of,
    any_of,
    best,
    best_of,
    matcher_score_map,
    postings_blocks,
    term_score_map,
)
from search.snapshot import current_snapshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("term", ["refund", "客服", "packag", "礼品卡"])
def test_term_scores_equal_whooshs_own(search_index, term):
    index = current_snapshot().index
    query = wq.Term("text", term, boost=0.8)
    lengths = index.field_lengths("text")
    ours = term_score_map(index.searcher, query, lengths)
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
