"""axe-core on the main pages in both languages, and keyboard-only use."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import ALL_LANGUAGES, LANGUAGES, screenshot

PAGES = {
    "home": "",
    "search": "search/?q=refund",
    "issue": "issues/returns/",
    "channel": "channels/live-chat/",
    "tip": "tips/escalate/",
    "guide": "guide/channels-overview/",
    "question": "questions/change-delivery-address/",
    "category": "categories/orders-delivery/",
}
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(site, page, axe, lang, name):
    page.goto(f"{site}/{lang}/{PAGES[name]}")
    screenshot(page, f"{name}-{lang}")
    violations = [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in axe.run(page).response["violations"]
        if violation["impact"] in BLOCKING
    ]
    assert violations == []


@pytest.mark.parametrize(
    ("lang", "html_lang"), [("zh-hans", "zh-Hans"), ("en", "en"), ("zh-hant", "zh-Hant")]
)
def test_the_page_says_its_language(site, page, lang, html_lang):
    page.goto(f"{site}/{lang}/issues/returns/")
    expect(page.locator("html")).to_have_attribute("lang", html_lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(site, page, lang):
    page.goto(f"{site}/{lang}/issues/returns/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab goes to the first link inside the content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_focus_is_visible(site, page, lang):
    page.goto(f"{site}/{lang}/")
    for _ in range(6):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "(() => { const style = getComputedStyle(document.activeElement);"
            " return [style.outlineStyle, parseFloat(style.outlineWidth)]; })()"
        )
        tag = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        assert outline[0] != "none" and outline[1] >= 2, f"no visible focus on {tag}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_search_by_keyboard_alone(site, page, lang):
    page.goto(f"{site}/{lang}/")
    # Skip link, brand, the other languages, then the search box.
    for _ in range(2 + len(ALL_LANGUAGES)):
        page.keyboard.press("Tab")
    expect(page.get_by_role("combobox")).to_be_focused()
    page.keyboard.type("refund")
    page.keyboard.press("Enter")
    expect(page.locator("ol.results > li").first).to_be_visible()
