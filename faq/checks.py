"""Start-up checks: a translated content model nobody registered as a content kind (or as
a part of one) would save text that search never sees."""

from django.core import checks
from modeltranslation.translator import translator

from faq.kinds import kinds


def registered_models() -> set[type]:
    """Return every model the content-kind registry knows: kinds and their parts."""
    return {kind.model for kind in kinds()} | {
        part.model for kind in kinds() for part in kind.parts
    }


@checks.register()
def check_content_kinds(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Fail on a translated model that is neither a registered kind nor a kind's part."""
    known = registered_models()
    return [
        checks.Error(
            f"{model._meta.label} is translated content but not a registered content kind "
            "or part of one: its edits would never reach the search index.",
            hint="Register it in faq/kinds.py (register(ContentKind(...)) or a kind's parts).",
            obj=model,
            id="faq.E001",
        )
        for model in translator.get_registered_models(abstract=False)
        if model not in known
    ]
