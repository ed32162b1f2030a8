"""Reading and checking search parameters, for the page and the APIs alike.

A plain function rather than a Django form: building a form costs more than answering a
cached search (docs/performance.md). Every refusal says which value is wrong and what is
allowed, and the caps (query length, limit) are stated in it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from faq.languages import served_variant
from search.analysis import MAX_QUERY_LENGTH
from search.config import DEFAULT_LIMIT, KINDS, LANGUAGES, MAX_LIMIT


class BadParameter(ValueError):
    """A parameter the user sent cannot be used; the message says why."""


@dataclass(frozen=True)
class SearchParams:
    q: str
    lang: str | None
    kind: str | None
    limit: int


def search_params(get: QueryDict) -> SearchParams:
    """Return the checked parameters of a search request, or raise BadParameter."""
    return SearchParams(q=_query(get), lang=_lang(get), kind=_kind(get), limit=_limit(get))


def _query(get: QueryDict) -> str:
    query = get.get("q", "")
    if "\x00" in query:
        raise BadParameter(_("Null characters are not allowed."))
    if len(query) > MAX_QUERY_LENGTH:
        raise BadParameter(
            _("The query is too long: at most %(limit_value)d characters.")
            % {"limit_value": MAX_QUERY_LENGTH}
        )
    return query


def cut_to_length(query: str) -> str:
    """Return a query cut to MAX_QUERY_LENGTH characters, not inside an English word (a
    pasted complaint is searched by its beginning, as a person reads one)."""
    if len(query) <= MAX_QUERY_LENGTH:
        return query
    cut = query[:MAX_QUERY_LENGTH]
    if query[MAX_QUERY_LENGTH].isascii() and query[MAX_QUERY_LENGTH].isalnum():
        cut = cut[: len(cut.rstrip(string.ascii_letters + string.digits))] or cut
    return cut.rstrip()


def _lang(get: QueryDict) -> str | None:
    lang = language_asked(get)
    if lang is not None and lang not in LANGUAGES:
        message = _("Unknown lang %(value)s: use one of %(allowed)s.")
        raise BadParameter(message % {"value": lang, "allowed": ", ".join(LANGUAGES)})
    return lang


def language_asked(get: QueryDict) -> str | None:
    """Return the lang parameter as the site writes language codes: tags are not case
    sensitive (BCP 47), and the pages' own hreflang say zh-Hans; another form of a served
    language is that language, as in the pages' addresses (zh-TW is zh-hant, en-US en)."""
    lang = (get.get("lang") or "").strip().lower() or None
    return served_variant(lang) or lang if lang else None


def _kind(get: QueryDict) -> str | None:
    kind = (get.get("kind") or "").strip().lower() or None  # as lang: TIP is tip
    if kind is not None and kind not in KINDS:
        message = _("Unknown kind %(value)s: use one of %(allowed)s.")
        raise BadParameter(message % {"value": kind, "allowed": ", ".join(KINDS)})
    return kind


def _limit(get: QueryDict) -> int:
    raw = get.get("limit") or ""
    if not raw:
        return DEFAULT_LIMIT
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadParameter(
            _("limit must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}
        )
    return int(raw)
