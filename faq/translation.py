"""Which fields modeltranslation stores in every language (settings.SITE_LANGUAGES); the
source language's are required. Languages that convert from their fallback (Traditional
Chinese) read the fallback's text converted wherever an editor wrote none."""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register, translator

from faq.languages import convert_fallbacks
from faq.models import (
    Category,
    Channel,
    ChannelNote,
    ChannelStep,
    Issue,
    Question,
    Section,
    Tip,
)

SOURCE = settings.LANGUAGE_CODE


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = (SOURCE,)


@register(Channel)
class ChannelTranslationOptions(TranslationOptions):
    fields = ("name", "title", "when_to_use", "intro", "response_time")
    required_languages = {SOURCE: ("name", "title", "when_to_use")}


@register(ChannelStep)
class ChannelStepTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = (SOURCE,)


@register(ChannelNote)
class ChannelNoteTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = (SOURCE,)


@register(Issue)
class IssueTranslationOptions(TranslationOptions):
    fields = ("title", "problems", "solution", "prepare")
    required_languages = {SOURCE: ("title", "problems", "solution")}


@register(Tip)
class TipTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = (SOURCE,)


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {SOURCE: ("name",)}


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("question", "answer")
    required_languages = (SOURCE,)


for _model in translator.get_registered_models(abstract=False):
    convert_fallbacks(_model, translator.get_options_for_model(_model).fields)
