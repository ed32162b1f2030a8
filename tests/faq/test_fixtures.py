"""The shipped fixtures hold the whole guide, in Chinese as written and in English."""

import re

import pytest
from django.core.management import call_command
from modeltranslation.translator import translator

from faq.models import Channel, ChannelNote, ChannelStep, Issue, IssueChannel, Section, Tip
from tests.conftest import SHIPPED_FIXTURES
from tests.faq import guide_source
from tests.faq.guide_source import normalize

pytestmark = pytest.mark.django_db

CONTRACT_SLUGS = {
    Section: ["intro", "channels-overview", "summary"],
    Channel: ["live-chat", "phone", "email", "help-center", "forums"],
    Issue: ["orders", "shipping", "returns", "account", "product-quality", "gift-cards"],
    Tip: [
        "prepare",
        "be-clear",
        "be-polite",
        "provide-evidence",
        "case-number",
        "return-policy",
        "escalate",
        "screenshots",
        "choose-channel",
    ],
}
STEP_COUNTS = {"live-chat": 9, "phone": 9, "email": 8, "help-center": 5, "forums": 6}


@pytest.mark.parametrize("model", CONTRACT_SLUGS)
def test_every_contract_slug_is_loaded_in_order(guide, model):
    assert list(model.objects.values_list("slug", flat=True)) == CONTRACT_SLUGS[model]


def test_channels_have_the_guides_step_counts(guide):
    counts = {channel.slug: channel.steps.count() for channel in Channel.objects.all()}
    assert counts == STEP_COUNTS


@pytest.mark.parametrize("numeral", guide_source.CHANNEL_CHAPTERS)
def test_channel_matches_its_guide_chapter(guide, numeral):
    chapter = guide_source.channel_chapter(guide_source.chapters()[numeral])
    channel = Channel.objects.get(slug=guide_source.CHANNEL_CHAPTERS[numeral])
    steps = [(s.title_zh_hans, s.body_zh_hans) for s in channel.steps.all()]
    assert [(normalize(t), normalize(b)) for t, b in steps] == [
        (normalize(t), normalize(b)) for t, b in chapter.steps
    ]
    assert [normalize(n.text_zh_hans) for n in channel.notes.all()] == [
        normalize(n) for n in chapter.notes
    ]
    assert normalize(channel.intro_zh_hans) == normalize(chapter.intro)


def test_channels_when_to_use_come_from_the_overview(guide):
    overview = guide_source.labelled_bullets(guide_source.chapters()["一"])
    assert [normalize(text) for _label, text in overview] == [
        normalize(c.when_to_use_zh_hans) for c in Channel.objects.all()
    ]


def test_issues_keep_every_problem_and_solution(guide):
    for source, issue in zip(guide_source.issues(), Issue.objects.all(), strict=True):
        assert issue.title_zh_hans == source["title"]
        assert normalize(issue.solution_zh_hans) == normalize(source["solution"])
        left_over = normalize(source["problems"])
        for problem in issue.problem_list():
            assert normalize(problem) in left_over
            left_over = left_over.replace(normalize(problem), "", 1)
        assert re.sub("[,,、等。]", "", left_over) == "", f"{issue.slug} misses {left_over!r}"


def test_issues_recommend_published_channels_in_order(guide):
    for issue in Issue.objects.all():
        links = list(issue.channel_links.all())
        assert links, f"{issue.slug} recommends no channel"
        assert [link.order for link in links] == sorted(link.order for link in links)


def test_tips_are_the_guides_nine_tips(guide):
    tips = [(t.title_zh_hans, normalize(t.body_zh_hans)) for t in Tip.objects.all()]
    assert tips == [(title, normalize(body)) for title, body in guide_source.tips()]


def test_sections_hold_the_guides_prose(guide):
    parts = guide_source.chapters()
    opening = Section.objects.get(slug="intro")
    assert normalize(opening.title_zh_hans) == normalize(parts["title"][0])
    assert normalize(opening.body_zh_hans) == normalize("".join(parts[""]))
    overview = Section.objects.get(slug="channels-overview")
    assert normalize(overview.body_zh_hans) == normalize("".join(parts["一"][1:]))
    summary = Section.objects.get(slug="summary")
    assert normalize(summary.body_zh_hans) == normalize("".join(parts["九"][1:]))


TRANSLATED_MODELS = [Section, Channel, ChannelStep, ChannelNote, Issue, Tip]


@pytest.mark.parametrize("model", TRANSLATED_MODELS)
def test_no_english_field_is_empty_where_chinese_has_text(guide, model):
    fields = translator.get_options_for_model(model).fields
    for obj in model.objects.all():
        for name in fields:
            if getattr(obj, f"{name}_zh_hans"):
                assert getattr(obj, f"{name}_en").strip(), f"{obj!r}.{name}_en is empty"


def test_loading_twice_changes_nothing(guide):
    models = [*TRANSLATED_MODELS, IssueChannel]
    before = {m: list(m.objects.order_by("pk").values()) for m in models}
    call_command("loaddata", *SHIPPED_FIXTURES, verbosity=0)
    assert {m: list(m.objects.order_by("pk").values()) for m in models} == before
