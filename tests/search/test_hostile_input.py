"""Whatever anyone types or sends: never a 500, and answers of bounded size.

Property-based (hypothesis), with a bounded number of examples so CI stays quick. Time is
bounded by the caps (query length, limit), which the error messages state; timings are
measured by `make bench`, never asserted here.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.analysis import MAX_QUERY_LENGTH
from search.config import MAX_LIMIT
from search.query import parse_query
from search.snapshot import current_snapshot

pytestmark = pytest.mark.django_db

# Whoosh's query syntax, regular-expression and SQL fragments, and words the index knows.
SYNTAX = [
    "AND",
    "OR",
    "NOT",
    "*",
    "?",
    "~2",
    "^3",
    "title:",
    "text:",
    "(",
    ")",
    "[a TO z]",
    '"',
    "'",
    "{",
    "}",
    "\\",
    "%",
    "_",
    "' OR 1=1 --",
    ".*",
    "<mark>",
    "</mark>",
    "&amp;",
]
WORDS = ["退款", "包裹", "refund", "parcel", "客服", "gift", "card", "没收到", "can't", "登录"]
text = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(st.text(max_size=8), st.sampled_from(SYNTAX + WORDS)), max_size=12).map(
        " ".join
    ),
)
junk = st.one_of(st.text(max_size=12), st.integers().map(str), st.sampled_from(["", " ", "0"]))
value = st.one_of(text, junk)
# A parameter may come once, several times, or not at all.
repeated = st.lists(value, min_size=0, max_size=3)
EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MAX_BYTES = 200_000


def params(**fields):
    return {name: values for name, values in fields.items() if values}


def check(response, allowed=(200, 400)):
    assert response.status_code in allowed, response.content[:300]
    assert len(response.content) < MAX_BYTES


@EXAMPLES
@given(q=repeated, lang=repeated, kind=repeated, limit=repeated)
def test_search_api_never_fails(client, search_index, q, lang, kind, limit):
    response = client.get("/api/search/", params(q=q, lang=lang, kind=kind, limit=limit))
    check(response)
    body = response.json()
    if response.status_code == 200:
        assert len(body["results"]) <= MAX_LIMIT
    else:
        assert body["error"]


@EXAMPLES
@given(q=repeated, lang=repeated)
def test_suggest_api_never_fails(client, search_index, q, lang):
    check(client.get("/api/suggest/", params(q=q, lang=lang)))


@EXAMPLES
@given(lang=st.sampled_from(["en", "zh-hans"]), q=repeated, kind=repeated, page=repeated)
def test_search_page_never_fails(client, search_index, lang, q, kind, page):
    response = client.get(f"/{lang}/search/", params(q=q, kind=kind, page=page))
    check(response, allowed=(200, 302, 400))
    if response.status_code == 302:  # past the last page: to a page of the same search
        assert response["Location"].startswith(f"/{lang}/search/?")


@EXAMPLES
@given(query=text)
def test_parsing_any_text_never_raises(search_index, query):
    snapshot = current_snapshot()
    parsed = parse_query(
        query, synonyms=snapshot.editors.synonyms, vocabulary=snapshot.index.vocabulary
    )
    if parsed:
        parsed.suggestion()


@pytest.mark.parametrize("url", ["/api/search/", "/api/suggest/"])
def test_a_100_kb_query_is_refused_with_the_cap_in_the_message(client, search_index, url):
    response = client.get(url, {"q": "退款" * 50_000, "lang": "en"})
    assert response.status_code == 400
    assert str(MAX_QUERY_LENGTH) in response.content.decode()
    assert len(response.content) < MAX_BYTES


def test_a_100_kb_query_on_the_page_is_searched_by_its_beginning(client, search_index):
    response = client.get("/en/search/", {"q": "退款" * 50_000})
    assert response.status_code == 200
    assert f"first {MAX_QUERY_LENGTH} characters were searched" in response.content.decode()
    assert len(response.content) < MAX_BYTES


def test_a_limit_above_the_cap_is_refused_with_the_cap_in_the_message(client, search_index):
    response = client.get("/api/search/", {"q": "refund", "limit": MAX_LIMIT + 1})
    assert response.status_code == 400
    assert str(MAX_LIMIT) in response.json()["error"]


@pytest.mark.parametrize("q", ["\x00", "a\x00b", "\x1b[31m", "\ud7ff\ufffe", "\u202e退款"])
def test_control_characters_are_answered_not_crashed_on(client, search_index, q):
    for url in ("/api/search/", "/api/suggest/", "/en/search/"):
        check(client.get(url, {"q": q}))
