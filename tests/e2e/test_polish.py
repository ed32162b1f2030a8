"""Related answers, dark mode, print, Chinese input methods and the phone header, in Chromium."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import ALL_LANGUAGES, LANGUAGES, screenshot

BLOCKING = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_answer_page_leads_to_related_answers(site, page, lang):
    page.goto(f"{site}/{lang}/issues/returns/")
    related = page.locator("nav.related a")
    expect(related.first).to_be_visible()
    assert 1 <= related.count() <= 5
    target = related.first.get_attribute("href")
    assert target.startswith(f"/{lang}/") and target != f"/{lang}/issues/returns/"
    related.first.click()
    expect(page).to_have_url(f"{site}{target}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dark_mode_follows_the_system_and_stays_accessible(site, browser, lang):
    context = browser.new_context(color_scheme="dark", locale="en-US")
    page = context.new_page()
    try:
        for path in ("", "search/?q=refund", "issues/returns/", "channels/phone/"):
            page.goto(f"{site}/{lang}/{path}")
            background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
            red, green, blue = (int(c) for c in re.findall(r"\d+", background)[:3])
            assert red + green + blue < 120, f"/{lang}/{path} is not dark: {background}"
            assert serious_violations(page) == [], f"/{lang}/{path}"
        screenshot(page, f"dark-channel-{lang}")
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_printing_shows_the_answer_and_steps_only(site, page, lang):
    page.goto(f"{site}/{lang}/channels/phone/")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", "nav.related", "form"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("ol.steps > li").first).to_be_visible()
    expect(page.locator(".notes")).to_be_visible()
    page.goto(f"{site}/{lang}/issues/returns/")
    expect(page.locator(".problems")).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()


def test_autocomplete_waits_for_the_input_method_to_finish(site, page):
    asked = []
    page.on(
        "request",
        lambda request: asked.append(request.url) if "/api/suggest/" in request.url else 0,
    )
    page.goto(f"{site}/zh-hans/")
    box = page.get_by_role("combobox")
    box.focus()
    ime = page.context.new_cdp_session(page)
    # Typing "tui" in a pinyin input method: the box shows the letters while composing.
    for typed in ("t", "tu", "tui"):
        ime.send(
            "Input.imeSetComposition",
            {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)},
        )
        page.wait_for_timeout(200)
    assert asked == [], f"suggestions asked while composing: {asked}"
    expect(page.get_by_role("option")).to_have_count(0)
    # Choosing 退 ends the composition: now, and only now, suggestions come.
    ime.send("Input.insertText", {"text": "退"})
    expect(page.get_by_role("option").first).to_be_visible()
    assert len(asked) == 1 and "q=%E9%80%80" in asked[0]


def test_the_enter_that_ends_a_composition_does_not_choose_an_option(site, page):
    page.goto(f"{site}/zh-hans/")
    box = page.get_by_role("combobox")
    box.press_sequentially("退", delay=50)
    expect(page.get_by_role("option").first).to_be_visible()
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile("."))
    # Typing on with a pinyin input method: the option picked before no longer stands.
    ime = page.context.new_cdp_session(page)
    ime.send("Input.imeSetComposition", {"text": "kuan", "selectionStart": 4, "selectionEnd": 4})
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile("."))
    ime.send("Input.insertText", {"text": "款"})
    # Safari's order: compositionend, then the Enter that ended it (keyCode 229).
    # The autocomplete handles the keydown while it is dispatched: had it chosen an
    # option, it would have cancelled the event (and started leaving the page).
    not_cancelled = box.evaluate(
        """box => box.dispatchEvent(new KeyboardEvent("keydown",
            {key: "Enter", keyCode: 229, bubbles: true, cancelable: true}))"""
    )
    assert not_cancelled
    assert page.url == f"{site}/zh-hans/"
    expect(box).to_have_value("退款")


# Questions no entry's title starts with.
QUESTIONS = {"zh-hans": "退款多久", "zh-hant": "退款多久", "en": "where is my refund"}


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_autocomplete_offers_the_answer_to_a_question_as_it_is_typed(site, page, lang):
    question = QUESTIONS[lang]
    page.goto(f"{site}/{lang}/search/?q={question}")
    best = page.locator("ol.results > li").first  # the results page's best answer
    link = best.locator("h2 a")
    title, answer = link.inner_text(), link.get_attribute("href")
    kind = re.search(r"result-(\w+)", best.get_attribute("class")).group(1)
    label = page.locator("form[data-suggest-url]").get_attribute(f"data-label-{kind}")

    page.goto(f"{site}/{lang}/")
    box = page.get_by_role("combobox")
    box.press_sequentially(question, delay=30)
    option = page.get_by_role("option").filter(has_text=title)
    expect(option).to_be_visible()
    # The title as the results page shows it, then the kind, in the page's language.
    expect(option).to_have_text(title + label)
    expect(option).to_have_attribute("data-source", "answer")
    assert page.locator("[role=option][data-source=answer]").count() <= 3
    assert serious_violations(page) == []
    screenshot(page, f"autocomplete-answer-{lang}")
    page.emulate_media(color_scheme="dark")
    assert serious_violations(page) == [], "dark mode"

    for _ in range(int(option.get_attribute("data-index")) + 1):
        box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page).to_have_url(site + answer)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_phone_header_is_compact(site, browser, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{site}/{lang}/issues/returns/")
        brand = page.locator(".brand").bounding_box()
        switcher = page.locator(".language-switcher").bounding_box()
        # The switcher sits beside the brand, not on a line of its own.
        assert abs(switcher["y"] - brand["y"]) < brand["height"], (brand, switcher)
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 120, header
        # The search box's placeholder is read whole, not clipped.
        room, needed = page.get_by_role("combobox").evaluate(
            """input => {
                const style = getComputedStyle(input);
                const context = document.createElement("canvas").getContext("2d");
                context.font = `${style.fontSize} ${style.fontFamily}`;
                const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
                return [input.clientWidth - padding, context.measureText(input.placeholder).width];
            }"""
        )
        assert needed <= room, f"placeholder needs {needed:.0f}px, has {room:.0f}px"
        screenshot(page, f"phone-header-{lang}")
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", ["issues/", "tips/?page=1", "recent/", "api/"])
def test_list_and_api_pages_have_no_serious_accessibility_violations(site, page, lang, path):
    page.goto(f"{site}/{lang}/{path}")
    assert serious_violations(page) == []
    screenshot(page, f"list-{path.split('/')[0]}-{lang}")
