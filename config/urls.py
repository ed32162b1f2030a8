"""Root URLs: the admin, and every public page under a language prefix."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from faq.views import health
from search.clicks import record_click
from search.views import search_api, suggest_api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
    path("api/search/", search_api, name="search-api"),
    path("api/suggest/", suggest_api, name="suggest-api"),
    # Not under api/: a ping comes from a visitor's browser, not an API client.
    path("r/", record_click, name="search-click"),
]
urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("", include("faq.urls")),
    prefix_default_language=True,
)
