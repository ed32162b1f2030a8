"""The plain question kind: Markdown answers rendered safely, categories with their own
page, edits through the admin and to a category kept exact in the index."""

import re

import extruct
import pytest
from django.db.models import ProtectedError

from faq.models import Category, Channel, Question
from search import consistency
from search.services import faq_search

pytestmark = pytest.mark.django_db


def make_question(**fields) -> Question:
    category, _created = Category.objects.get_or_create(
        slug="billing", defaults={"name_zh_hans": "账单", "name_en": "Billing"}
    )
    defaults = {
        "slug": "invoice",
        "question_zh_hans": "怎样下载发票？",
        "question_en": "How do I download an invoice?",
        "answer_zh_hans": "在**我的订单**中下载。",
        "answer_en": "Download it from **Your Orders**.",
        "category": category,
    }
    return Question.objects.create(**{**defaults, **fields})


def test_the_answer_is_markdown_rendered_and_sanitised(client, db):
    make_question(
        answer_en="**Bold** and a [link](https://example.com/help).\n\n"
        "<script>alert(1)</script> [bad](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    html = client.get("/en/questions/invoice/").content.decode()
    answer = re.search(r'<div class="answer">(.*?)</div>', html, re.S).group(1)
    assert "<strong>Bold</strong>" in answer
    assert '<a href="https://example.com/help" rel="nofollow noopener">link</a>' in answer
    assert "<script" not in answer and "<img" not in answer
    assert 'href="javascript:' not in answer
    assert "&lt;script&gt;" in answer  # shown as text, as the editor typed it


def test_a_question_page_has_faq_json_ld_and_its_category(client, db):
    make_question()
    html = client.get("/en/questions/invoice/").content.decode()
    items = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])
    faq = next(item for item in items["json-ld"] if item["@type"] == "FAQPage")
    assert faq["mainEntity"][0]["name"] == "How do I download an invoice?"
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Download it from Your Orders."
    assert 'href="/en/categories/billing/"' in html


def test_a_category_page_lists_its_published_questions_only(client, db):
    question = make_question()
    make_question(slug="draft-question", is_published=False, category=question.category)
    html = client.get("/zh-hant/categories/billing/").content.decode()
    assert "怎樣下載發票？" in html and "/draft-question/" not in html
    Question.objects.filter(pk=question.pk).update(is_published=False)
    assert client.get("/en/categories/billing/").status_code == 404


def test_renaming_a_category_reindexes_its_questions(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        question = make_question()
    category = question.category
    with django_capture_on_commit_callbacks(execute=True):
        category.name_en = "Invoicing paperwork"
        category.save()
    assert not consistency.compare()
    hits = faq_search(query="paperwork", lang="en", record=False).hits
    assert [(hit.kind, hit.slug) for hit in hits] == [("question", "invoice")]


def test_a_category_holding_questions_cannot_be_deleted(db):
    question = make_question()
    with pytest.raises(ProtectedError):
        question.category.delete()


def test_an_editor_adds_a_question_in_three_languages(
    editor_client, client, search_index, django_capture_on_commit_callbacks
):
    phone = Channel.objects.get(slug="phone")
    data = {
        "slug": "invoice-copy",
        "order": 1,
        "is_published": "on",
        "question_zh_hans": "怎样获取发票副本？",
        "question_en": "How do I get a copy of my invoice?",
        "question_zh_hant": "怎樣取得發票副本？",
        "answer_zh_hans": "联系客服。",
        "answer_en": "Ask customer service.",
        "answer_zh_hant": "請聯絡客服。",
        "channel_links-TOTAL_FORMS": "1",
        "channel_links-INITIAL_FORMS": "0",
        "channel_links-0-channel": phone.pk,
        "channel_links-0-order": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post("/admin/faq/question/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not consistency.compare()
    html = client.get("/zh-hant/questions/invoice-copy/").content.decode()
    assert "怎樣取得發票副本？" in html and "請聯絡客服。" in html
    assert 'href="/zh-hant/channels/phone/"' in html
    hits = faq_search(query="invoice copy", lang="en", kind="question", record=False).hits
    assert hits[0].slug == "invoice-copy"
