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
    """Return the OpenAPI description of /api/search/ and /api/suggest/ (search/openapi.json)."""
    return json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))


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
