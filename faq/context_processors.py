"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

# The switcher keeps the query string (a search stays a search in the other language),
# unless it is longer than any real one: then a page would echo it three times over.
MAX_KEPT_QUERY_STRING = 4096


def language_switcher(request: HttpRequest) -> dict:
    """Return links to the current page in every language, so switching stays on the entry."""
    current = get_language()
    path = request.get_full_path()
    if len(request.META.get("QUERY_STRING", "")) > MAX_KEPT_QUERY_STRING:
        path = request.path
    languages = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {"language_links": languages}
