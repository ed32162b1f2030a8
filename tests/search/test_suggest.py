import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from search import querylog
from search.analysis import normalize_query
from search.config import MAX_SUGGESTED_ANSWERS, MIN_ANSWER_SHARE, PAGE_SIZE
from search.models import QueryLog
from search.ranking import SearchRequest
from search.snapshot import current_snapshot
from search.suggest import Suggestion, _titles_then_answers

pytestmark = pytest.mark.django_db


def suggest(client, q, lang="zh-hans"):
    return client.get("/api/suggest/", {"q": q, "lang": lang})


def texts(client, q, lang="zh-hans"):
    return [s["text"] for s in suggest(client, q, lang).json()["suggestions"]]


@pytest.mark.parametrize(
    "prefix, expected", [("退", "退换货问题"), ("礼品", "礼品卡问题"), ("禮品", "礼品卡问题")]
)
def test_one_or_two_chinese_characters_complete_to_titles(client, guide, prefix, expected):
    assert expected in texts(client, prefix)


def test_titles_match_in_either_language_and_show_in_the_ui_language(client, guide):
    body = suggest(client, "gift", "zh-hans").json()
    assert body["suggestions"][0] == {
        "text": "礼品卡问题",
        "kind": "issue",
        "url": "/zh-hans/issues/gift-cards/",
        "source": "title",
    }
    assert texts(client, "礼品", "en")[0] == "Gift card problems"


def test_english_prefixes_match_at_word_starts_only(client, guide):
    assert "Come prepared" not in texts(client, "re", "en")
    assert "Returns and refunds" in texts(client, "re", "en")
    assert "Know the return policy" in texts(client, "ret", "en")


def log_searches(query, *, days, visitors, result_count=2, suggestion="", audience="visitor"):
    """Write raw query-log rows: each visitor searched `query` once on each of `days` days."""
    for day in range(days):
        rows = QueryLog.objects.bulk_create(
            QueryLog(
                query=query,
                lang="zh-hans",
                result_count=result_count,
                suggestion=suggestion,
                duration_ms=1,
                audience=audience,
                visitor=f"v{visitor}",
            )
            for visitor in range(visitors)
        )
        # created_at is auto_now_add: move the rows to their day afterwards.
        when = timezone.now() - timedelta(days=day)
        QueryLog.objects.filter(pk__in=[row.pk for row in rows]).update(created_at=when)


def aggregate():
    call_command("maintain_query_log", days=10, stdout=io.StringIO())


def test_past_queries_asked_by_several_visitors_on_several_days_are_suggested(client, guide):
    log_searches("退款多久到账", days=3, visitors=3)
    log_searches("退款没人理", days=5, visitors=5, result_count=0)  # found nothing
    log_searches("退款一天", days=1, visitors=9)  # asked on one day only
    log_searches("退款一人", days=5, visitors=1)  # by one visitor only
    log_searches("退款 recieve", days=5, visitors=5, suggestion="receive")  # misspelt
    log_searches("退款测试", days=5, visitors=5, audience="staff")  # editors testing
    aggregate()
    found = texts(client, "退款")
    assert "退款多久到账" in found
    for query in ("退款没人理", "退款一天", "退款一人", "退款 recieve", "退款测试"):
        assert query not in found


def test_planted_suggestions_are_not_offered(client, search_index):
    planted = "refund via hotline 0800 666 999 visit refunds now"
    for _ in range(40):
        assert client.get("/en/search/", {"q": planted}).status_code == 200
    aggregate()
    assert planted not in texts(client, "re", "en")
    assert planted not in texts(client, "refund via", "en")


@pytest.mark.parametrize(
    "query",
    [
        "refund via hotline 0800 666 999 visit refunds now",
        "refund at www.example.test",
        "refund https://evil.example/x",
        "refund mail me@example.com",
        "refund shop.com",
        "refund 138-0013-8000",
    ],
)
def test_urls_phone_numbers_and_addresses_are_never_suggested(client, guide, query):
    log_searches(query, days=5, visitors=5)
    aggregate()
    assert query not in texts(client, "refund", "en")


def test_at_most_eight_suggestions(client, guide):
    assert len(texts(client, "a", "en")) <= 8


def test_empty_prefix_and_bad_parameters(client, guide):
    assert suggest(client, " ").json()["suggestions"] == []
    assert suggest(client, "x", "fr").status_code == 400
    assert suggest(client, "x" * 500).status_code == 400


def test_an_edited_title_is_suggested_at_once(
    client, search_index, django_capture_on_commit_callbacks
):
    from faq.models import Tip

    assert "Keep every screenshot" not in texts(client, "keep", "en")
    tip = Tip.objects.get(slug="screenshots")
    with django_capture_on_commit_callbacks(execute=True):
        tip.title_en = "Keep every screenshot"
        tip.save()
    assert "Keep every screenshot" in texts(client, "keep", "en")


def answers(client, q, lang="zh-hans"):
    found = suggest(client, q, lang).json()["suggestions"]
    return [(s["text"], s["kind"], s["url"]) for s in found if s["source"] == "answer"]


@pytest.mark.parametrize(
    "lang, question, answer",
    [
        ("zh-hans", "退款多久", ("退换货问题", "issue", "/zh-hans/issues/returns/")),
        ("zh-hant", "退款多久", ("退換貨問題", "issue", "/zh-hant/issues/returns/")),
        ("en", "where is my refund", ("Returns and refunds", "issue", "/en/issues/returns/")),
    ],
)
def test_a_question_no_title_starts_with_gets_its_answer_in_the_ui_language(
    client, search_index, lang, question, answer
):
    assert answer in answers(client, question, lang)


@pytest.mark.parametrize(
    "lang, q", [("zh-hans", "退款多久"), ("en", "where is my refund"), ("en", "pasword resett")]
)
def test_answers_are_the_first_results_of_the_same_search_after_the_titles(
    client, search_index, lang, q
):
    found = suggest(client, q, lang).json()["suggestions"]
    sources = [s["source"] for s in found]
    assert "answer" in sources
    assert sources == sorted(sources, key=["title", "answer", "query"].index)
    titles = {s["url"] for s in found if s["source"] == "title"}
    results = client.get("/api/search/", {"q": q, "lang": lang}).json()["results"]
    strong = [r for r in results if r["score"] >= MIN_ANSWER_SHARE * results[0]["score"]]
    expected = [r["url"] for r in strong[:MAX_SUGGESTED_ANSWERS] if r["url"] not in titles]
    assert [url for _text, _kind, url in answers(client, q, lang)] == expected


def test_an_answer_far_below_the_best_is_not_offered(client, search_index):
    results = client.get("/api/search/", {"q": "退款多久", "lang": "zh-hans"}).json()["results"]
    weak = [r["url"] for r in results if r["score"] < MIN_ANSWER_SHARE * results[0]["score"]]
    offered = [url for _text, _kind, url in answers(client, "退款多久", "zh-hans")]
    assert weak and not set(weak) & set(offered)
    assert offered == [results[0]["url"]]


@pytest.mark.parametrize("lang, q", [("zh-hans", "退"), ("zh-hans", "电话"), ("en", "re")])
def test_each_entry_is_offered_once(client, search_index, lang, q):
    urls = [s["url"] for s in suggest(client, q, lang).json()["suggestions"] if s["url"]]
    assert urls and len(urls) == len(set(urls))


def test_answers_keep_their_places_when_many_titles_match():
    titles = [Suggestion(f"t{n}", "tip", f"/t{n}", "title") for n in range(10)]
    answers = [Suggestion("a", "issue", "/a", "answer"), titles[7], titles[1]]
    merged = _titles_then_answers(titles, answers, 8)
    assert [s.url for s in merged] == ["/t0", "/t1", "/t2", "/t3", "/t4", "/t5", "/a", "/t7"]
    # Few titles: all of them, then every answer not among them.
    assert [s.url for s in _titles_then_answers(titles[:2], answers, 8)] == [
        "/t0",
        "/t1",
        "/a",
        "/t7",
    ]


def test_at_most_three_answers(client, search_index):
    assert 1 <= len(answers(client, "how do I contact support", "en")) <= MAX_SUGGESTED_ANSWERS


def test_typing_is_not_logged_as_searches(client, search_index):
    querylog.flush()
    before = QueryLog.objects.count()
    for prefix in ("w", "wh", "where is", "where is my refund", "退款多久"):
        assert suggest(client, prefix, "en").status_code == 200
    querylog.flush()
    assert QueryLog.objects.count() == before


def test_the_typed_search_is_cached_for_the_results_page(client, search_index, settings):
    settings.SEARCH_RESULT_CACHE_SIZE = 10
    snapshot = current_snapshot()
    request = SearchRequest(normalize_query("where is my refund"), "en", None, PAGE_SIZE, 0)
    assert snapshot.results.get(request) is None
    suggest(client, "where is my refund", "en")
    assert snapshot.results.get(request) is not None


def test_kind_limits_titles_and_answers_to_entries_of_that_kind(client, search_index):
    everything = suggest(client, "退", "zh-hans").json()["suggestions"]
    assert {s["kind"] for s in everything} - {"tip", "query"}
    tips = client.get("/api/suggest/", {"q": "退", "lang": "zh-hans", "kind": "tip"}).json()
    assert {s["kind"] for s in tips["suggestions"]} == {"tip"}
    assert "了解退货政策" in [s["text"] for s in tips["suggestions"]]


def test_past_queries_are_offered_in_the_scripts_of_the_ui(client, search_index):
    log_searches("退款多久到账", days=3, visitors=3)
    aggregate()
    assert "退款多久到账" in texts(client, "退款", "zh-hans")
    assert "退款多久到帳" in texts(client, "退款", "zh-hant")
