from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("Help content")

    def ready(self) -> None:
        from faq import checks, kinds  # noqa: F401 -- registers the kinds and the check
