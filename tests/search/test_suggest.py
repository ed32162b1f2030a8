import pytest

from search.models import QueryLog

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
    }
    assert texts(client, "礼品", "en")[0] == "Gift card problems"


def test_english_prefixes_match_at_word_starts_only(client, guide):
    assert "Come prepared" not in texts(client, "re", "en")
    assert "Returns and refunds" in texts(client, "re", "en")
    assert "Know the return policy" in texts(client, "ret", "en")


def test_frequent_past_queries_that_found_results_are_suggested(client, guide):
    QueryLog.objects.bulk_create(
        [QueryLog(query="退款多久到账", lang="zh-hans", result_count=2, duration_ms=1)] * 2
        + [QueryLog(query="退款没人理", lang="zh-hans", result_count=0, duration_ms=1)] * 5
        + [QueryLog(query="退款一次", lang="zh-hans", result_count=3, duration_ms=1)]
        + [
            QueryLog(
                query="退款 recieve", lang="zh-hans", result_count=3, suggestion="x", duration_ms=1
            )
        ]
        * 3
    )
    found = texts(client, "退款")
    assert "退款多久到账" in found
    assert "退款没人理" not in found  # found nothing
    assert "退款一次" not in found  # asked once
    assert "退款 recieve" not in found  # misspelt


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
