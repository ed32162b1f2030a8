import pytest
from django.utils import translation

from faq.models import Channel, Tip
from tests.factories import ChannelFactory, ChannelStepFactory, IssueFactory, TipFactory

pytestmark = pytest.mark.django_db


def test_published_hides_unpublished_entries():
    shown = TipFactory(is_published=True)
    TipFactory(is_published=False)
    assert list(Tip.objects.published()) == [shown]


def test_entries_are_ordered_by_order_then_slug():
    TipFactory(slug="b", order=2)
    TipFactory(slug="a", order=2)
    TipFactory(slug="c", order=1)
    assert list(Tip.objects.values_list("slug", flat=True)) == ["c", "a", "b"]


def test_steps_keep_their_order():
    channel = ChannelFactory()
    ChannelStepFactory(channel=channel, order=2, title_en="Second")
    ChannelStepFactory(channel=channel, order=1, title_en="First")
    with translation.override("en"):
        assert [s.title for s in channel.steps.all()] == ["First", "Second"]


def test_urls_carry_the_active_language():
    issue = IssueFactory(slug="lost-things")
    with translation.override("en"):
        assert issue.get_absolute_url() == "/en/issues/lost-things/"
    with translation.override("zh-hans"):
        assert issue.get_absolute_url() == "/zh-hans/issues/lost-things/"


def test_blank_english_field_falls_back_to_chinese():
    channel = ChannelFactory(name_zh_hans="在线聊天", name_en="")
    with translation.override("en"):
        assert Channel.objects.get(pk=channel.pk).name == "在线聊天"


def test_problem_and_prepare_lists_skip_blank_lines():
    issue = IssueFactory(problems_en="Lost\n\n  Damaged  \n", prepare_en="Order number\n")
    with translation.override("en"):
        assert issue.problem_list() == ["Lost", "Damaged"]
        assert issue.prepare_list() == ["Order number"]


def test_timestamps_are_set_and_updated():
    tip = TipFactory()
    created = tip.created_at
    tip.title_en = "Changed"
    tip.save()
    assert tip.created_at == created
    assert tip.updated_at >= created


@pytest.mark.parametrize("make", [TipFactory, ChannelStepFactory])
def test_a_save_outside_a_transaction_commits_with_its_change_log_row(
    transactional_db, monkeypatch, make
):
    """A shell's or script's save: when the index's change log row cannot be written, the
    edit is not committed either, so the index never misses a committed edit."""
    from search import changelog
    from search.models import IndexChange

    saved = make()
    logged = IndexChange.objects.count()

    def refuse(label, pk):
        raise RuntimeError("the log is unavailable")

    monkeypatch.setattr(changelog, "record_change", refuse)
    field = "title_en"
    setattr(saved, field, "Edited without a log row")
    with pytest.raises(RuntimeError):
        saved.save()
    saved.refresh_from_db()
    assert getattr(saved, field) != "Edited without a log row"
    assert IndexChange.objects.count() == logged
