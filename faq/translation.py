"""Which fields modeltranslation stores in both languages (zh-hans and en)."""

from modeltranslation.translator import TranslationOptions, register

from faq.models import Channel, ChannelNote, ChannelStep, Issue, Section, Tip


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("zh-hans",)


@register(Channel)
class ChannelTranslationOptions(TranslationOptions):
    fields = ("name", "title", "when_to_use", "intro", "response_time")
    required_languages = {"zh-hans": ("name", "title", "when_to_use")}


@register(ChannelStep)
class ChannelStepTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("zh-hans",)


@register(ChannelNote)
class ChannelNoteTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("zh-hans",)


@register(Issue)
class IssueTranslationOptions(TranslationOptions):
    fields = ("title", "problems", "solution", "prepare")
    required_languages = {"zh-hans": ("title", "problems", "solution")}


@register(Tip)
class TipTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("zh-hans",)
