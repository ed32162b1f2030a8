"""The content-kind registry: every registered kind is indexed, searchable, filterable and
pinnable, and a translated model nobody registered fails the system check."""

import pytest
from django.core import checks
from django.utils.translation import override

from faq.checks import check_content_kinds
from faq.kinds import kinds
from faq.models import Category, Question
from search import consistency
from search.models import BestBet
from search.services import faq_search

pytestmark = pytest.mark.django_db


def first_entry(kind):
    return kind.model.objects.published().first()


@pytest.mark.parametrize("kind", kinds(), ids=lambda kind: kind.name)
def test_every_registered_kind_is_indexed_searchable_filterable_and_pinnable(kind, examples_index):
    entry = first_entry(kind)
    assert entry is not None, f"no published {kind.name} in the guide or the examples"
    assert f"{kind.content_type}.{entry.pk}" in consistency.indexed_fingerprints()
    title = str(entry)
    hits = faq_search(query=title, lang="en", kind=kind.name, record=False).hits
    assert hits and {hit.kind for hit in hits} == {kind.name}
    assert (kind.name, entry.slug) in [(hit.kind, hit.slug) for hit in hits]
    BestBet.objects.create(query="zzpinned", entry=entry)
    pinned = faq_search(query="zzpinned", lang="en", record=False).hits
    assert [(hit.kind, hit.slug, hit.pinned) for hit in pinned][:1] == [
        (kind.name, entry.slug, True)
    ]


def test_every_registered_kind_has_pages_in_every_language(client, examples, settings):
    for kind in kinds():
        entry = first_entry(kind)
        for code, _name in settings.LANGUAGES:
            with override(code):
                path = entry.get_absolute_url()
            assert path.startswith(f"/{code}/")
            assert client.get(path).status_code == 200, path


def test_an_unregistered_translated_model_fails_the_system_check(monkeypatch):
    # As if nobody had registered the question kind: its models are translated still.
    monkeypatch.setattr(
        "faq.checks.kinds", lambda: tuple(k for k in kinds() if k.name != "question")
    )
    errors = check_content_kinds()
    assert {error.id for error in errors} == {"faq.E001"}
    assert {error.obj for error in errors} == {Question, Category}
    assert all(error.level == checks.ERROR for error in errors)


def test_the_registered_models_pass_the_system_check():
    assert check_content_kinds() == []


@pytest.mark.parametrize("kind", kinds(), ids=lambda kind: kind.name)
def test_every_registered_kind_has_the_common_admin_actions(kind, rf, admin_user):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = admin_user
    assert {"publish", "unpublish"} <= set(admin.site._registry[kind.model].get_actions(request))
