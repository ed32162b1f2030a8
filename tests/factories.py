"""factory_boy factories for the content models (both languages filled in)."""

import factory

from faq.kinds import kinds
from faq.models import Channel, ChannelNote, ChannelStep, Issue, IssueChannel, Section, Tip


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    slug = factory.Sequence(lambda n: f"section-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"章节{n}")
    title_en = factory.Sequence(lambda n: f"Section {n}")
    body_zh_hans = "章节正文。"
    body_en = "Section body."


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    slug = factory.Sequence(lambda n: f"channel-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"渠道{n}")
    name_en = factory.Sequence(lambda n: f"Channel {n}")
    title_zh_hans = factory.LazyAttribute(lambda o: f"如何通过{o.name_zh_hans}联系客服")
    title_en = factory.LazyAttribute(lambda o: f"How to use {o.name_en}")
    when_to_use_zh_hans = "适用于大多数问题。"
    when_to_use_en = "Works for most problems."


class ChannelStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelStep

    channel = factory.SubFactory(ChannelFactory)
    order = factory.Sequence(lambda n: n)
    title_zh_hans = factory.Sequence(lambda n: f"第{n}步")
    title_en = factory.Sequence(lambda n: f"Step {n}")
    body_zh_hans = "按这个做。"
    body_en = "Do this."


class ChannelNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelNote

    channel = factory.SubFactory(ChannelFactory)
    text_zh_hans = "请注意。"
    text_en = "Keep this in mind."


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    slug = factory.Sequence(lambda n: f"issue-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"问题{n}")
    title_en = factory.Sequence(lambda n: f"Problem {n}")
    problems_zh_hans = "问题一\n问题二"
    problems_en = "First problem\nSecond problem"
    solution_zh_hans = "联系客服。"
    solution_en = "Contact customer service."


class IssueChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssueChannel

    issue = factory.SubFactory(IssueFactory)
    channel = factory.SubFactory(ChannelFactory)


class TipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tip

    slug = factory.Sequence(lambda n: f"tip-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"技巧{n}")
    title_en = factory.Sequence(lambda n: f"Tip {n}")
    body_zh_hans = "技巧正文。"
    body_en = "Tip body."


def published_entries() -> int:
    """Return how many published entries of every registered kind the database holds."""
    return sum(kind.model.objects.published().count() for kind in kinds())
