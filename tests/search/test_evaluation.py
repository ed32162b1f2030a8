import pytest
from whoosh import query as wq

from search import engine
from search.evaluation import all_of, any_of, best, matcher_score_map, term_score_map

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("term", ["refund", "客服", "packag", "礼品卡"])
def test_term_scores_equal_whooshs_own(search_index, term):
    searcher = engine.current_searcher()
    query = wq.Term("text", term, boost=0.8)
    ours, whooshs = term_score_map(searcher, query), matcher_score_map(searcher, query)
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
    from search.evaluation import best_of

    word, synonym = {1: 4.0, 2: 1.0}, {1: 2.0, 3: 3.0}
    assert best_of([word, synonym], 0.5) == {1: 5.0, 2: 1.0, 3: 3.0}
    assert best_of([word, synonym], 1.0) == {1: 6.0, 2: 1.0, 3: 3.0}
    assert best_of([word, synonym], 0.0) == {1: 4.0, 2: 1.0, 3: 3.0}
