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
        path = environ.get("PATH_INFO", "")
        if path in API_PATHS:
            body = b"" if environ.get("REQUEST_METHOD") == "HEAD" else response.content
            check_answer(path, response.status_code, response["Content-Type"], body)
        return response

    monkeypatch.setattr(Client, "request", checked_request)
