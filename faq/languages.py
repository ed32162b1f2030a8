"""The site's languages, read from settings.SITE_LANGUAGES: every other module asks here.

A language may be converted from its fallback on the fly (Traditional Chinese from the
Simplified text, with OpenCC): a field an editor left empty in it shows the converted
fallback, and an editor's own text wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc
from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname


@dataclass(frozen=True)
class Language:
    code: str  # as in URLs and the API: "zh-hans"
    name: str  # lazy: "Simplified Chinese"
    hreflang: str  # as BCP 47 writes it: "zh-Hans"
    analyzer: str  # "chinese" or "english" (search/analysis.py)
    fallback: tuple[str, ...]  # where an empty field falls back to, in order
    og_locale: str = ""  # OpenGraph's locale: "zh_CN"
    convert: str = ""  # the OpenCC configuration that converts the first fallback's text
    # Words of the converted text written otherwise, in order: OpenCC's Taiwan phrases are
    # a software glossary (类型 → 型別, "data type"), not a help center's.
    glossary: tuple[tuple[str, str], ...] = ()

    @property
    def suffix(self) -> str:
        """Return modeltranslation's suffix of this language's fields ("zh_hans")."""
        return build_localized_fieldname("", self.code).lstrip("_")


@cache
def site_languages() -> tuple[Language, ...]:
    """Return the site's languages, the source language first."""
    return tuple(
        Language(
            **{
                **language,
                "fallback": tuple(language["fallback"]),
                "glossary": tuple(language.get("glossary", {}).items()),
            }
        )
        for language in settings.SITE_LANGUAGES
    )


@cache
def glossaries() -> tuple[tuple[str, str], ...]:
    """Return every language's glossary, each word as converted and as written instead
    (質量, 品質), in the order they apply."""
    return tuple(pair for lang in site_languages() for pair in lang.glossary)


def language(code: str) -> Language:
    """Return a language by its code; KeyError for a code the site does not serve."""
    return _by_code()[code]


@cache
def _by_code() -> dict[str, Language]:
    # Not keyed by the languages themselves: hashing one translates its lazy name.
    return {lang.code: lang for lang in site_languages()}


def forget_languages() -> None:
    """Read settings.SITE_LANGUAGES again (tests that change it)."""
    for cached in (site_languages, _by_code, converter, glossaries):
        cached.cache_clear()


def codes() -> list[str]:
    """Return the codes of the site's languages, the source language first."""
    return [lang.code for lang in site_languages()]


def hreflang(code: str) -> str:
    """Return a language's code as BCP 47 writes it, or the code for one the site lacks."""
    lang = _by_code().get(code)
    return lang.hreflang if lang else code


def og_locale(code: str) -> str:
    """Return a language's OpenGraph locale, or "" for one the site lacks."""
    lang = _by_code().get(code)
    return lang.og_locale if lang else ""


def localized(*fields: str) -> tuple[str, ...]:
    """Return every language's column of each field ("title" → "title_zh_hans", …)."""
    return tuple(f"{name}_{lang.suffix}" for name in fields for lang in site_languages())


def slug_source(field: str) -> tuple[str]:
    """Return the column an admin prefills a new entry's slug from."""
    return (f"{field}_{language(settings.SLUG_LANGUAGE).suffix}",)


@lru_cache(maxsize=8)
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@lru_cache(maxsize=20_000)
def _converted(config: str, glossary: tuple[tuple[str, str], ...], text: str) -> str:
    converted = _opencc(config).convert(text)
    for written, instead in glossary:
        converted = converted.replace(written, instead)
    return converted


@lru_cache(maxsize=16)
def converter(code: str | None) -> Callable[[str], str] | None:
    """Return the function that writes the fallback's text in this language, if any: its
    OpenCC conversion, then its glossary."""
    lang = _by_code().get(code)
    if lang is None or not lang.convert:
        return None
    config, glossary = lang.convert, lang.glossary
    return lambda text: _converted(config, glossary, text) if text else text


def stored_or_converted(obj, field: str, code: str) -> str:
    """Return a field's text as an editor wrote it in this language, or else, for a language
    converted from its fallback, the fallback's text converted; "" otherwise."""
    lang = language(code)
    own = getattr(obj, f"{field}_{lang.suffix}", None) or ""
    convert = converter(code)
    if own or convert is None:
        return own
    return convert(getattr(obj, f"{field}_{language(lang.fallback[0]).suffix}", None) or "")


class ConvertingDescriptor(TranslationFieldDescriptor):
    """modeltranslation's field descriptor, converting a fallback's text into a language
    that declares a conversion (zh-hant reads the Simplified text as Traditional)."""

    def __get__(self, instance, owner):
        value = super().__get__(instance, owner)
        if instance is None or not isinstance(value, str) or not value:
            return value
        code = translation.get_language()  # Django's: modeltranslation's costs 2 µs more
        convert = converter(code)
        if convert is None:
            return value
        own = getattr(instance, build_localized_fieldname(self.field.name, code), None)
        return value if own else convert(value)


def convert_fallbacks(model, fields: tuple[str, ...]) -> None:
    """Let a translated model's fields show converted text where a language asks for it."""
    for name in fields:
        plain = model.__dict__[name]
        descriptor = ConvertingDescriptor(
            plain.field, plain.fallback_languages, plain.fallback_value, plain.fallback_undefined
        )
        setattr(model, name, descriptor)


# A URL's first segment that looks like a language tag ("zh-tw", "en-GB", "zh_Hant").
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def served_variant(tag: str) -> str | None:
    """Return the site's language that a visitor asking for `tag` reads, or None.

    Django's own matching (what LocaleMiddleware does with Accept-Language): zh-TW and
    zh-HK read Traditional, zh-CN and zh-SG Simplified, en-GB English. None for a tag the
    site already serves as written, or one it has no language for."""
    if not LANGUAGE_TAG.fullmatch(tag) or tag in codes():
        return None
    try:
        found = translation.get_supported_language_variant(tag.replace("_", "-").lower())
    except LookupError:
        return None
    return found if found in codes() else None


class LanguageVariantMiddleware:
    """Send a page asked for under another form of a served language (/zh-tw/…, /en-us/…,
    what people type and what other help centers use) to the same page under the form the
    site serves (/zh-hant/…), instead of a dead end.

    Only a GET or HEAD that found nothing is redirected, and only to a path that exists;
    the redirect is temporary, as a later language of the site may be that very tag."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        _empty, first, rest = [*request.path_info.split("/", 2), ""][:3]
        code = served_variant(first)
        if code is None:
            return response
        with translation.override(code):  # i18n_patterns match the active language's prefix
            if not is_valid_path(f"/{code}/{rest}", getattr(request, "urlconf", None)):
                return response
        # The rest of the address as the visitor sent it (the tag is ASCII: Django's escaping
        # of the path leaves its length alone).
        after = request.get_full_path_info()[len(first) + 1 :]
        return HttpResponseRedirect(
            get_script_prefix() + code + ("" if after.startswith("/") else "/") + after
        )
