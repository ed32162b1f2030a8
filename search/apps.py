import sys

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from search import checks  # noqa: F401 -- registers the start-up checks

        # Every process of the site: web workers, commands, tests (config/settings.py).
        sys.setswitchinterval(settings.THREAD_SWITCH_INTERVAL)
