import pytest
from django.core.exceptions import ValidationError

from faq.models import Channel, Issue, Tip
from search.models import BestBet
from search.services import faq_search

pytestmark = pytest.mark.django_db


def ranked(query, **kwargs):
    results = faq_search(query=query, lang="en", record=False, **kwargs)
    return results, [(h.kind, h.slug, h.pinned) for h in results.hits]


def test_pinned_entry_ranks_first_and_is_marked(search_index):
    BestBet.objects.create(query="refund", entry=Tip.objects.get(slug="return-policy"))
    _results, hits = ranked("  REFUND ")
    assert hits[0] == ("tip", "return-policy", True)
    assert all(not pinned for _kind, _slug, pinned in hits[1:])


def test_pinned_entry_the_query_does_not_match_is_added_and_counted(search_index):
    before, _ = ranked("refund")
    BestBet.objects.create(query="refund", entry=Channel.objects.get(slug="forums"))
    after, hits = ranked("refund")
    assert hits[0] == ("channel", "forums", True)
    assert after.total == before.total + 1


def test_kind_filter_applies_to_pinned_entries(search_index):
    BestBet.objects.create(query="refund", entry=Tip.objects.get(slug="return-policy"))
    _results, hits = ranked("refund", kind="issue")
    assert {kind for kind, _slug, _pinned in hits} == {"issue"}


def test_unpublished_pinned_entries_are_not_shown(search_index):
    tip = Tip.objects.get(slug="return-policy")
    BestBet.objects.create(query="refund", entry=tip)
    Tip.objects.filter(pk=tip.pk).update(is_published=False)
    _results, hits = ranked("refund")
    assert ("tip", "return-policy", True) not in hits


def test_a_best_bet_pins_exactly_one_entry():
    bet = BestBet(query="x")
    with pytest.raises(ValidationError):
        bet.full_clean()


def test_admin_pins_an_entry_and_the_page_marks_it(editor_client, client, search_index):
    issue = Issue.objects.get(slug="account")
    response = editor_client.post(
        "/admin/search/bestbet/add/",
        {"query": "Help!", "kind": "issue", "slug": issue.slug, "order": 0},
    )
    assert response.status_code == 302
    assert BestBet.objects.get().query == "help"  # punctuation at the ends says nothing
    html = client.get("/en/search/", {"q": "help!"}).content.decode()
    first = html.index('<li class="result')
    assert html.index("/en/issues/account/", first) < html.index("</li>", first)
    assert "Recommended" in html[first : html.index("</li>", first)]


@pytest.mark.parametrize("typed", ["货还没到？", "货还没到?", "  貨還沒到！ ", "货还没到"])
def test_a_pin_matches_the_query_with_or_without_punctuation_at_its_ends(search_index, typed):
    BestBet.objects.create(query="货还没到", entry=Issue.objects.get(slug="shipping"))
    results = faq_search(query=typed, lang="zh-hans", record=False)
    assert (results.hits[0].slug, results.hits[0].pinned) == ("shipping", True)


def test_the_same_entry_is_pinned_to_a_query_once(editor_client, search_index):
    form = {"query": "货还没到", "kind": "issue", "slug": "shipping", "order": 0}
    assert editor_client.post("/admin/search/bestbet/add/", form).status_code == 302
    again = editor_client.post("/admin/search/bestbet/add/", {**form, "query": " 貨還沒到？"})
    assert again.status_code == 200
    assert again.context["adminform"].form.non_field_errors() == [
        "这个条目已置顶在这个查询上。"  # the admin speaks the site's default language
    ]
    assert BestBet.objects.count() == 1


def test_the_list_filters_by_the_registered_kinds_only(editor_client, search_index):
    BestBet.objects.create(query="refund", entry=Tip.objects.get(slug="return-policy"))
    BestBet.objects.create(query="refund", entry=Channel.objects.get(slug="forums"))
    response = editor_client.get("/admin/search/bestbet/", {"kind": "tip"})
    page = response.content.decode()
    assert "?kind=channel" in page and "?content_type__id__exact" not in page
    assert [bet.kind for bet in response.context["cl"].queryset] == ["tip"]
