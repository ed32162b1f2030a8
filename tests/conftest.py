import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from faq.models import Channel, Issue, Section, Tip

# What `make run` seeds: `manage.py loaddata fixtures/*.json`.
SHIPPED_FIXTURES = sorted(str(path) for path in (settings.BASE_DIR / "fixtures").glob("*.json"))


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in the default language: requests leave theirs active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test sets anything up, wait for the keeper's background work of the test
    before (a missing index built by its first search: search/keeper.py `in_background`)
    to end. Left running, it read this test's database as it set up, and SQLite answered
    "database table is locked". Not in the test's own teardown: on PostgreSQL the work
    waits for the test's transaction, which ends only after that. Condition-based, with a
    generous bound."""
    from search.keeper import background_done

    assert background_done(timeout=300), "the keeper's background work did not end"


@pytest.fixture
def guide(db):
    """Load the shipped fixtures (the guide and the synonym sets), as `make run` does."""
    call_command("loaddata", *SHIPPED_FIXTURES, verbosity=0)


@pytest.fixture
def all_entries(guide):
    """Return every published entry of the shipped guide."""
    return [
        *Section.objects.all(),
        *Channel.objects.all(),
        *Issue.objects.all(),
        *Tip.objects.all(),
    ]


EXAMPLES = str(settings.BASE_DIR / "fixtures/examples/questions.json")


@pytest.fixture
def examples(guide):
    """Load the example questions (`make examples`) on top of the guide."""
    call_command("loaddata", EXAMPLES, verbosity=0)


@pytest.fixture
def examples_index(examples):
    """Return after building the search index from the guide and the example questions."""
    call_command("rebuild_index", interactive=False, verbosity=0)


@pytest.fixture
def editor_client(client, django_user_model):
    """Return a client logged in as a staff superuser."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def search_index(guide):
    """Return after building the search index from the shipped guide."""
    call_command("rebuild_index", interactive=False, verbosity=0)


def pytest_report_header(config):
    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".strip()


@pytest.fixture(autouse=True)
def api_answers_match_the_openapi_description(monkeypatch):
    """Check every answer of the JSON APIs that a test receives against search/openapi.json:
    the description stays true as long as the suite passes."""
    from django.test import Client

    from tests.openapi import API_PATHS, check_answer

    request = Client.request

    def checked_request(self, **environ):
        response = request(self, **environ)
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD")
        # The description's operations are GET (and so HEAD); other methods get a 405.
        if path in API_PATHS and method in ("GET", "HEAD"):
            body = b"" if method == "HEAD" else response.content
            check_answer(path, response.status_code, response["Content-Type"], body)
        return response

    monkeypatch.setattr(Client, "request", checked_request)


@pytest.fixture
def frozen_clock(monkeypatch):
    """Stop the rate limiter's clock 30 s into a window (of a second, a minute or an hour),
    so that a test's requests never straddle two windows however slow the machine. The
    moment is in the future, so counts of the real present never look expired."""
    from types import SimpleNamespace

    from search import ratelimit

    moment = (time.time() // 3600 + 1) * 3600 + 30
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: moment))
    return moment
