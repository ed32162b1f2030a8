"""Production settings, error pages, the Content-Security-Policy and admin login lockout."""

import subprocess
import sys

import pytest
from django.conf import settings

from tests.sites import site_env

pytestmark = pytest.mark.django_db


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = site_env(tmp_path, DJANGO_HTTPS="1")
    env["DJANGO_SECRET_KEY"] = "a-long-random-production-key-" + "Zq8#pL2@vN5!" * 4
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "We could not find this page"), ("zh-hans", "找不到这个页面")]
)
def test_a_missing_page_is_friendly_and_in_the_visitors_language(client, lang, text):
    response = client.get(f"/{lang}/issues/no-such-issue/")
    assert response.status_code == 404
    html = response.content.decode()
    assert text in html
    assert 'name="q"' in html  # a way forward: search


@pytest.mark.parametrize(("lang", "text"), [("en", "Something went wrong"), ("zh-hans", "出错了")])
def test_a_server_error_is_friendly_and_shows_no_traceback(client, monkeypatch, lang, text):
    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("search.views.faq_search", broken)
    client.raise_request_exception = False
    response = client.get(f"/{lang}/search/", {"q": "refund"})
    assert response.status_code == 500
    html = response.content.decode()
    assert text in html
    assert "secret internals" not in html and "Traceback" not in html


def test_every_page_forbids_inline_script(client, guide):
    for path in ("/en/", "/zh-hans/search/?q=退款", "/en/issues/returns/", "/admin/login/"):
        policy = client.get(path).headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'", path
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"


def test_admin_login_locks_out_after_repeated_wrong_passwords(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.com", "right-pw-123")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "editor", "password": "guess"})
        assert response.status_code == 200  # the form again, with an error
    response = client.post("/admin/login/", {"username": "editor", "password": "guess"})
    assert response.status_code == 429
    locked = client.post("/admin/login/", {"username": "editor", "password": "right-pw-123"})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # Another username from the same address can still log in.
    django_user_model.objects.create_superuser("other", "other@example.com", "other-pw-123")
    response = client.post("/admin/login/", {"username": "other", "password": "other-pw-123"})
    assert response.status_code == 302


def test_a_disallowed_host_is_logged_as_one_line_without_a_traceback(tmp_path):
    request = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/en/', HTTP_HOST='evil.example').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", request],  # no static files collected here
        env={**site_env(tmp_path), "DJANGO_ALLOWED_HOSTS": "faq.example"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "400", result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ERROR django.security.DisallowedHost client=127.0.0.1: ")
    assert "Invalid HTTP_HOST header: 'evil.example'" in lines[0]
