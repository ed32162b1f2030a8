"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, get_language_info, override

from faq.kinds import kinds
from faq.languages import language as site_language

# The switcher keeps the query string (a search stays a search in the other language),
# unless it is longer than any real one: then a page would echo it three times over.
MAX_KEPT_QUERY_STRING = 4096


def language_switcher(request: HttpRequest) -> dict:
    """Return links to the current page in every language, so switching stays on the entry."""
    current = get_language()
    languages = [
        {
            "code": code,
            "hreflang": site_language(code).hreflang,
            "name": get_language_info(code)["name_local"],
            "url": page_url_in(request, code),
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    for language in languages:
        language["absolute_url"] = request.build_absolute_uri(language["url"])
    default = next(lang for lang in languages if lang["code"] == settings.LANGUAGE_CODE)
    # x-default is the address without a language: it redirects by the browser's language,
    # as sitemap.xml says too.
    x_default = default["absolute_url"].replace(f"/{default['code']}/", "/", 1)
    return {
        "content_kinds": kinds(),
        "html_lang": next((lang["hreflang"] for lang in languages if lang["is_current"]), current),
        "language_links": languages,
        "canonical_url": next(
            (lang["absolute_url"] for lang in languages if lang["is_current"]),
            default["absolute_url"],
        ),
        "x_default_url": x_default,
    }


def page_url_in(request: HttpRequest, lang: str) -> str:
    """Return this page's path in another language, reversed from the URL name it resolved
    to; a page that resolved to nothing (a 404) gets that language's home page.

    Reversing, rather than rewriting the requested path, is what keeps the link on this
    site: the path of `//evil.example/x` would be a link to another host.
    """
    match = getattr(request, "resolver_match", None)
    with override(lang):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.captured_kwargs)
        except (AttributeError, NoReverseMatch):
            return reverse("faq:home")
    query = request.META.get("QUERY_STRING", "")
    if query and len(query) <= MAX_KEPT_QUERY_STRING:
        path += "?" + query
    return path
