"""The API's OpenAPI description: valid, served, and true to what the API answers."""

import pytest
from openapi_spec_validator import validate

from search.api_docs import openapi_document
from tests.openapi import check_answer

pytestmark = pytest.mark.django_db


def test_the_description_is_valid_openapi_3_1():
    document = openapi_document()
    assert document["openapi"].startswith("3.1.")
    validate(document)


def test_the_description_covers_both_apis():
    assert set(openapi_document()["paths"]) == {"/api/search/", "/api/suggest/"}


def test_the_description_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == openapi_document()


@pytest.mark.parametrize(("lang", "heading"), [("en", "Search API"), ("zh-hans", "搜索 API")])
def test_the_api_page_answers_in_both_languages(client, lang, heading):
    html = client.get(f"/{lang}/api/").content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert 'href="/api/openapi.json"' in html
    assert client.get("/api/", HTTP_ACCEPT_LANGUAGE=lang)["Location"] == f"/{lang}/api/"


def test_an_answer_outside_the_description_is_caught():
    with pytest.raises(AssertionError, match="outside the description"):
        check_answer("/api/search/", 200, "application/json", b'{"query": "x"}')
    with pytest.raises(AssertionError, match="omits"):
        check_answer("/api/suggest/", 500, "application/json", b"{}")
    with pytest.raises(AssertionError, match="outside the description"):
        check_answer("/api/search/", 400, "application/json", b'{"error": ""}')


def test_the_suites_api_answers_are_checked(client, search_index):
    # The autouse fixture in tests/conftest.py checks every API answer; this one is fine.
    assert client.get("/api/search/", {"q": "refund", "lang": "en"}).status_code == 200
    assert client.get("/api/suggest/", {"q": "ref", "lang": "en"}).status_code == 200
    assert client.get("/api/search/", {"limit": "x"}).status_code == 400


def test_the_description_names_every_registered_language_and_kind():
    from faq.kinds import kinds
    from faq.languages import codes

    schemas = openapi_document()["components"]["schemas"]
    assert schemas["Language"]["enum"] == codes()
    assert schemas["Kind"]["enum"] == [kind.name for kind in kinds()]
