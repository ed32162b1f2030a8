"""The Chinese UI strings (locale/zh_Hans): complete, and with Chinese punctuation."""

import gettext
import re

from django.conf import settings
from django.utils import translation

# Half-width punctuation that Chinese text writes full-width; placeholders, markup (HTML,
# a Markdown link's "[text](address)") and addresses keep theirs. (An ASCII comma between
# listed terms is what the synonym field parses, so the example in its help text keeps
# it: a list, not a sentence.)
HALF_WIDTH = re.compile(r"[(),:;?!]")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
NOT_TEXT = re.compile(
    r"%\(\w+\)[sd]|<[^>]*>|\{\w+\}|\[[^\]]*\]\([^)]*\)|https?://\S+"
    r"|[\w\u4e00-\u9fff]+(?:, [\w\u4e00-\u9fff]+){2,}"
)


def chinese_strings() -> dict[str, str]:
    """Return this project's own catalogue (not Django's), source string -> Chinese."""
    mo = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    with open(mo, "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    return {
        key if isinstance(key, str) else key[0]: text
        for key, text in catalog.items()
        if key and CHINESE.search(text)
    }


def test_chinese_ui_strings_use_full_width_punctuation():
    wrong = {
        source: text
        for source, text in chinese_strings().items()
        if HALF_WIDTH.search(NOT_TEXT.sub("", text))
    }
    assert wrong == {}


def test_a_full_width_colon_is_not_followed_by_a_space_on_the_page(client, guide):
    with translation.override("zh-hans"):
        html = client.get("/zh-hans/").content.decode()
    assert "通常等待时间：" in html
    assert "：  " not in html and "： " not in html


def test_the_traditional_catalogue_is_the_simplified_one_converted():
    from faq.languages import converter

    to_traditional = converter("zh-hant")  # as the site converts content
    mo = settings.BASE_DIR / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.mo"
    with open(mo, "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    traditional = {key if isinstance(key, str) else key[0]: text for key, text in catalog.items()}
    simplified = chinese_strings()
    assert simplified and all(
        traditional[source] == to_traditional(text) for source, text in simplified.items()
    )
    with translation.override("zh-hant"):
        assert translation.gettext("Search") == "搜尋"
