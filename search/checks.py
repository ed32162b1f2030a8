"""Start-up checks: every language the site serves names an analyzer search has."""

from django.core import checks

from faq.languages import site_languages
from search.config import ANALYZERS


@checks.register()
def check_language_analyzers(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Fail on a language in settings.SITE_LANGUAGES whose analyzer search lacks."""
    return [
        checks.Error(
            f"Language {language.code} names the analyzer {language.analyzer!r}, which "
            f"search does not have (it has {', '.join(ANALYZERS)}).",
            hint="Add the analyzer to search/analysis.py and search/config.py ANALYZERS.",
            id="search.E001",
        )
        for language in site_languages()
        if language.analyzer not in ANALYZERS
    ]
