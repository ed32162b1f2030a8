"""What visitors and editors do, in a real browser, in both languages."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LANGUAGES, screenshot
from tests.nodes import EDITOR

# A problem as a visitor would type it, and the issue that answers it.
PROBLEMS = {
    "zh-hans": ("我的包裹一直没送到", "shipping"),
    "en": ("my parcel never arrived", "shipping"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_from_a_problem_to_the_channel_steps(site, page, lang):
    query, issue = PROBLEMS[lang]
    page.goto(f"{site}/{lang}/")
    page.get_by_role("combobox").fill(query)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/{lang}/search/\?q="))
    results = page.locator("ol.results > li")
    expect(results.first).to_be_visible()
    expect(page.locator(".snippet mark").first).to_be_visible()
    screenshot(page, f"search-{lang}")

    page.locator(f"ol.results a[href='/{lang}/issues/{issue}/']").click()
    expect(page).to_have_url(f"{site}/{lang}/issues/{issue}/")
    contact = page.locator(".contact-box")
    expect(contact).to_be_visible()

    first_channel = contact.locator("a.channel-link").first
    href = first_channel.get_attribute("href")
    first_channel.click()
    expect(page).to_have_url(site + href)
    steps = page.locator("ol.steps > li")
    expect(steps.first).to_be_visible()
    assert steps.count() >= 5


@pytest.mark.parametrize(("lang", "other"), [("zh-hans", "en"), ("en", "zh-hans")])
def test_switching_language_stays_on_the_entry(site, page, lang, other):
    page.goto(f"{site}/{lang}/issues/returns/")
    html_lang = {"zh-hans": "zh-Hans", "en": "en"}
    expect(page.locator("html")).to_have_attribute("lang", html_lang[lang])

    page.locator(f".language-switcher a[hreflang='{html_lang[other]}']").click()
    expect(page).to_have_url(f"{site}/{other}/issues/returns/")
    expect(page.locator("html")).to_have_attribute("lang", html_lang[other])


@pytest.mark.parametrize(("lang", "prefix"), [("zh-hans", "退"), ("en", "ret")])
def test_autocomplete_picks_a_suggestion_with_the_keyboard(site, page, lang, prefix):
    page.goto(f"{site}/{lang}/")
    box = page.get_by_role("combobox")
    box.press_sequentially(prefix, delay=50)
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")

    box.press("ArrowDown")
    first = options.first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    # The option's text is the suggestion followed by its kind label.
    chosen = first.evaluate("option => option.firstChild.textContent")
    box.press("Enter")

    page.wait_for_load_state()
    assert page.url != f"{site}/{lang}/"
    expect(page.locator("h1")).to_contain_text(chosen)


def test_the_count_of_suggestions_is_read_out_in_words(site, page):
    page.goto(f"{site}/en/")
    page.get_by_role("combobox").press_sequentially("forums", delay=50)
    expect(page.get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text(
        "One suggestion, use the up and down arrow keys to choose it"
    )


def test_a_late_answer_does_not_undo_a_choice_made_with_the_keyboard(site, page):
    """On a busy server, the answer for what was typed last may come after the customer
    has moved into the list shown: it must not replace that list and reset the choice."""
    held = []

    def hold_the_last(route):
        if "q=ret" in route.request.url:
            held.append(route)  # never answered: the page gives up on it or waits forever
        else:
            route.continue_()

    page.route("**/api/suggest/*", hold_the_last)
    page.goto(f"{site}/en/")
    box = page.get_by_role("combobox")
    box.press_sequentially("re", delay=50)
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    with page.expect_request(lambda request: "q=ret" in request.url):
        box.press("t")
    with page.expect_event("requestfailed", lambda request: "q=ret" in request.url):
        box.press("ArrowDown")  # the list being moved through is the one chosen from
    expect(options.first).to_have_attribute("aria-selected", "true")
    chosen = options.first.evaluate("option => option.firstChild.textContent")
    box.press("Enter")
    expect(page.locator("h1")).to_contain_text(chosen)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_search_without_results_shows_the_way_forward(site, page, lang):
    page.goto(f"{site}/{lang}/search/?q=qwxzzv")
    way_forward = page.locator(".no-results")
    expect(way_forward).to_be_visible()
    expect(way_forward.locator("a[href*='/issues/']")).to_have_count(6)
    expect(way_forward.locator(f"a[href='/{lang}/guide/channels-overview/']")).to_be_visible()
    screenshot(page, f"search-no-results-{lang}")

    way_forward.locator(f"a[href='/{lang}/channels/phone/']").click()
    expect(page.locator("ol.steps > li").first).to_be_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_phone_sized_screen_needs_no_horizontal_scrolling(site, browser, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        for path in ("", "search/?q=refund", "issues/returns/", "channels/phone/"):
            page.goto(f"{site}/{lang}/{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"/{lang}/{path} scrolls sideways by {overflow}px"
        page.goto(f"{site}/{lang}/")
        box = page.get_by_role("combobox")
        box.fill("refund")
        box.press("Enter")
        expect(page.locator("ol.results > li").first).to_be_in_viewport()
        screenshot(page, f"phone-search-{lang}")
    finally:
        context.close()


def test_an_editors_change_reaches_public_search(site, page):
    page.goto(f"{site}/en/search/?q=zeltronic")
    expect(page.locator(".no-results")).to_be_visible()

    page.goto(f"{site}/admin/")
    page.get_by_label("Username").fill(EDITOR[0])
    page.get_by_label("Password").fill(EDITOR[1])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Common issues")).to_be_visible()

    page.get_by_role("link", name="Common issues").click()
    page.get_by_role("link", name="Gift card problems").click()
    # The language tabs open on the editor's own language, English in this browser, and
    # the language switch above the form says so, by name.
    solution = page.locator("textarea[name=solution_en]")
    expect(solution).to_be_visible()
    switch = page.locator("#modeltranslation-main-switch")
    expect(switch.locator("option:checked")).to_have_text("English")
    expect(switch.locator("option").first).to_have_text("Simplified Chinese")
    solution.fill(
        solution.input_value()
        + "\n\nIf the code still fails, the card's issuer, Zeltronic Payments, can reissue it."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    # Each search is answered by whichever worker takes it: ask more than once.
    for _ in range(4):
        page.goto(f"{site}/en/search/?q=zeltronic")
        first = page.locator("ol.results > li").first
        expect(first.locator("h2 a")).to_have_attribute("href", "/en/issues/gift-cards/")
        expect(first.locator(".snippet mark").first).to_be_visible()
