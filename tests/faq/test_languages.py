"""Traditional Chinese: converted on the fly from the Simplified text where no editor wrote
one, the editor's text where one did; search from the zh-hant UI answers in Traditional."""

import re

import pytest
from django.utils.translation import override

from faq.languages import codes, converter, language
from faq.models import Issue

pytestmark = pytest.mark.django_db


def to_traditional(text: str) -> str:
    """Return text as the site writes zh-hant: OpenCC s2twp, then the language's glossary."""
    return converter("zh-hant")(text)


def heading(client, path: str) -> str:
    html = client.get(path).content.decode()
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def test_the_languages_come_from_settings(settings):
    assert codes() == [entry["code"] for entry in settings.SITE_LANGUAGES]
    assert language("zh-hant").fallback == (settings.LANGUAGE_CODE,)


def test_a_page_without_traditional_text_shows_the_simplified_text_converted(client, guide):
    issue = Issue.objects.get(slug="returns")
    assert not issue.title_zh_hant
    shown = heading(client, "/zh-hant/issues/returns/")
    assert shown == to_traditional(issue.title_zh_hans) == "退換貨問題"


def test_an_editors_traditional_text_wins(client, guide):
    Issue.objects.filter(slug="returns").update(title_zh_hant="退貨、換貨與退款")
    assert heading(client, "/zh-hant/issues/returns/") == "退貨、換貨與退款"
    assert heading(client, "/zh-hans/issues/returns/") == "退换货问题"


def test_every_page_of_the_guide_exists_in_every_language(client, all_entries, settings):
    for entry in all_entries:
        for code, _name in settings.LANGUAGES:
            with override(code):
                path = entry.get_absolute_url()
            assert client.get(path).status_code == 200, path


def test_search_from_traditional_shows_traditional_titles_and_snippets(client, search_index):
    answer = client.get("/api/search/", {"q": "退款", "lang": "zh-hant"}).json()
    assert answer["results"]
    for result in answer["results"]:
        assert result["url"].startswith("/zh-hant/")
        text = result["title"] + re.sub(r"</?mark>", "", result["snippet"])
        assert to_traditional(text) == text, text
    returns = next(r for r in answer["results"] if r["slug"] == "returns")
    assert returns["title"] == "退換貨問題"
    assert "<mark>" in returns["snippet"]


def test_traditional_queries_keep_working(client, search_index):
    for lang in codes():
        answer = client.get("/api/search/", {"q": "退貨", "lang": lang}).json()
        assert answer["results"][0]["slug"] == "returns", lang


def test_a_language_with_an_analyzer_search_lacks_fails_the_system_check(settings):
    from faq.languages import forget_languages
    from search.checks import check_language_analyzers

    assert check_language_analyzers() == []
    settings.SITE_LANGUAGES = [
        *settings.SITE_LANGUAGES,
        {"code": "ja", "name": "Japanese", "hreflang": "ja", "analyzer": "japanese",
         "fallback": ("en",)},
    ]  # fmt: skip
    forget_languages()
    try:
        assert [error.id for error in check_language_analyzers()] == ["search.E001"]
    finally:
        forget_languages()


def test_traditional_pages_use_taiwans_words_for_e_mail(client, guide):
    """OpenCC's s2twp keeps the mainland's 郵箱 and 收件箱; Taiwan writes 信箱 and 收件匣."""
    assert to_traditional("注册邮箱或手机号") == "註冊信箱或手機號"
    assert to_traditional("在您的电子邮件收件箱中查看") == "在您的電子郵件收件匣中檢視"
    html = client.get("/zh-hant/issues/account/").content.decode()
    assert "信箱" in html and "郵箱" not in html


def test_traditional_pages_use_taiwans_words_for_replies_visits_and_means(client, guide):
    """s2twp writes 回复 as 回復 ("restore") in some phrases, 访问 as 訪問 ("interview"), and
    通过 as 通過 ("passed") even before a means: Taiwan reads 回覆, 前往 and 透過."""
    assert to_traditional("在收件箱中查看回复") == "在收件匣中查看回覆"
    assert to_traditional("访问帮助中心") == "前往幫助中心"
    assert to_traditional("如何通过电话联系亚马逊客服") == "如何透過電話聯絡亞馬遜客服"
    assert to_traditional("审核通过") == "稽核通過"  # passed: unchanged
    assert to_traditional("通过本文提供的指南") == "透過本文提供的指南"
    assert to_traditional("包裹丢失") == "包裹遺失"
    html = client.get("/zh-hant/channels/email/").content.decode()
    assert "透過電子郵件" in html and "通過電子郵件" not in html
    html = client.get("/zh-hant/channels/forums/").content.decode()
    assert "透過亞馬遜幫助中心" in html and "通過" not in html


def test_traditional_pages_publish_posts_not_software_releases(client, guide):
    """s2twp's IT phrases write 发布 as 釋出, a software release: a forum post or a page is
    發布 in Taiwan (the forums page read 釋出新帖子)."""
    assert to_traditional("发布新帖子") == "發布新帖子"
    html = client.get("/zh-hant/channels/forums/").content.decode()
    assert "發布" in html and "釋出" not in html


@pytest.mark.parametrize(
    ("asked", "served"),
    [
        ("/zh-tw/issues/returns/", "/zh-hant/issues/returns/"),
        ("/zh-HK/tips/", "/zh-hant/tips/"),
        ("/zh_CN/issues/returns/", "/zh-hans/issues/returns/"),
        ("/zh/", "/zh-hans/"),
        ("/en-us/issues/returns/", "/en/issues/returns/"),
        ("/en-GB", "/en/"),
    ],
)
def test_another_form_of_a_served_language_leads_to_its_page(client, guide, asked, served):
    response = client.get(asked)
    assert (response.status_code, response["Location"]) == (302, served)
    assert client.get(served).status_code == 200


def test_the_rest_of_the_address_is_kept_as_sent(client, guide):
    response = client.get("/zh-tw/search/", {"q": "退貨", "kind": "issue"})
    assert response["Location"] == "/zh-hant/search/?q=%E9%80%80%E8%B2%A8&kind=issue"


@pytest.mark.parametrize("path", ["/zh-tw/no-such-page/", "/fr/", "/xx-yy/", "/admin-x/"])
def test_a_page_that_does_not_exist_under_any_form_stays_not_found(client, guide, path):
    assert client.get(path).status_code == 404


def test_only_reading_is_redirected(client, guide):
    assert client.post("/zh-tw/issues/returns/").status_code == 404
