"""Root URLs: the admin, crawler files, the APIs, and every public page under a language prefix."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from faq.sitemaps import sitemaps
from faq.views import health, robots_txt
from search.api_docs import api_page, openapi_json
from search.clicks import record_click
from search.views import search_api, suggest_api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps(), "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps()},
        name="sitemap-section",
    ),
    path("api/search/", search_api, name="search-api"),
    path("api/suggest/", suggest_api, name="suggest-api"),
    path("api/openapi.json", openapi_json, name="openapi"),
    # Not under api/: a ping comes from a visitor's browser, not an API client.
    path("r/", record_click, name="search-click"),
]
urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    # /api/ itself redirects here by the browser's language (LocaleMiddleware).
    path("api/", api_page, name="api-docs"),
    path("", include("faq.urls")),
    prefix_default_language=True,
)
