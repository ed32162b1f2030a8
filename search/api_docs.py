"""The search API's description: OpenAPI 3.1 for machines, a page for people."""

import functools
import json
from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from search.config import KINDS, LANGUAGES, MAX_LIMIT, MAX_SUGGESTIONS

OPENAPI_PATH = Path(__file__).with_name("openapi.json")


@functools.cache
def openapi_document() -> dict:
    """Return the OpenAPI description of /api/search/ and /api/suggest/ (search/openapi.json),
    its languages and kinds those the site registers."""
    return with_registered_values(json.loads(OPENAPI_PATH.read_text(encoding="utf-8")))


def with_registered_values(document: dict) -> dict:
    """Set the document's language and kind enums, and its URL patterns, from the registries
    (settings.SITE_LANGUAGES, faq/kinds.py): a new kind or language needs no edit here."""
    schemas = document["components"]["schemas"]
    url_pattern = "^/({})/".format("|".join(LANGUAGES))
    schemas["Language"]["enum"] = list(LANGUAGES)
    schemas["Kind"]["enum"] = list(KINDS)
    schemas["SearchResult"]["properties"]["url"]["pattern"] = url_pattern
    schemas["Suggestion"]["properties"]["kind"]["enum"] = [*KINDS, "query"]
    schemas["Suggestion"]["properties"]["url"]["pattern"] = url_pattern
    return document


@require_safe
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})


@require_safe
def api_page(request: HttpRequest) -> HttpResponse:
    context = {
        "languages": list(LANGUAGES),
        "kinds": list(KINDS),
        "max_limit": MAX_LIMIT,
        "max_suggestions": MAX_SUGGESTIONS,
    }
    return render(request, "search/api.html", context)
