"""Browser tests: Debian's Chromium against a real server started for the test session.

The server is what production runs (tests/nodes.py): gunicorn with two workers,
`DJANGO_DEBUG=0`, WhiteNoise for static files, its own database seeded by the ordinary
commands, and its own index.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.nodes import Node, seed_database
from tests.sites import manage, new_database

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach Google's hosts,
# which this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LANGUAGES = ["zh-hans", "en"]
# Every language the site serves (zh-hant is converted from the Simplified text).
ALL_LANGUAGES = [code for code, _name in settings.LANGUAGES]
EXAMPLES = settings.BASE_DIR / "fixtures" / "examples" / "questions.json"
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


def _is_e2e(item) -> bool:
    return Path(item.fspath).is_relative_to(Path(__file__).parent)


def pytest_collection_modifyitems(items):
    """Mark the browser tests `e2e` and run them last.

    Playwright's sync API keeps an event loop for the whole session, and Django refuses
    database access from a thread with a running loop: the other tests must come first.
    """
    for item in items:
        if _is_e2e(item):
            item.add_marker(pytest.mark.e2e)
    items.sort(key=_is_e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make e2e` installs Debian's chromium package.")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A fixed locale, so that `/` and Accept-Language do not depend on the machine.
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """Seed a fresh site as README's `make run` does, serve it with gunicorn, yield its URL."""
    root = tmp_path_factory.mktemp("site")
    node = Node("e2e", root, new_database(root))
    seed_database(node.env)
    manage(node.env, "loaddata", str(EXAMPLES))  # as `make examples` does
    manage(node.env, "collectstatic", "--noinput")
    node.start()  # builds the index first, as a new node does
    try:
        yield node.url
    finally:
        node.stop()


@pytest.fixture
def site(live_site, page):
    """Return the site's URL; the test fails on any request to another host and on
    anything the Content-Security-Policy blocked."""
    foreign, blocked = [], []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((live_site, "data:")) else foreign.append(request.url)
        ),
    )
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield live_site
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert blocked == [], f"blocked by the Content-Security-Policy: {blocked}"


def screenshot(page, name: str) -> None:
    """Save a full-page PNG under var/screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
