"""Browser tests: Debian's Chromium against a real server started for the test session.

The server is what production runs: gunicorn with two workers, `DJANGO_DEBUG=0`, WhiteNoise
for static files, its own SQLite database and index seeded by the ordinary commands.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.sites import manage, seed, site_env

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
EDITOR = ("editor", "correct-horse-battery-staple")
LANGUAGES = ["zh-hans", "en"]
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer {url} within {timeout} s")


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """Seed a fresh site as README's `make run` does, serve it with gunicorn, yield its URL."""
    port = _free_port()
    env = site_env(
        tmp_path_factory.mktemp("site"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SUPERUSER_USERNAME=EDITOR[0],
        DJANGO_SUPERUSER_PASSWORD=EDITOR[1],
        DJANGO_SUPERUSER_EMAIL="editor@example.com",
    )
    seed(env)
    manage(env, "collectstatic", "--noinput")
    manage(env, "createsuperuser", "--noinput")
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    server = subprocess.Popen(
        [gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/healthz", server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


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
