"""Settings read from the environment, as ../shared/CONTRACT.md lists them."""

import os
import subprocess
import sys

from django.conf import settings

SETTINGS_CHECK = "import django; django.setup(); from django.conf import settings as s; print({})"


def run_settings(expression: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    # No developer's `.env` unless a test names one.
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_ENV_FILE="")
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", SETTINGS_CHECK.format(expression)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_without_a_secret_key_fails_with_a_clear_message():
    done = run_settings("s.DEBUG", DJANGO_DEBUG="0")
    assert done.returncode != 0
    assert "You must set DJANGO_SECRET_KEY" in done.stderr


def test_https_turns_on_secure_cookies_hsts_and_redirect():
    done = run_settings(
        "(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS)",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_HTTPS="1",
    )
    assert done.stdout.strip() == "(True, True, True, 31536000)", done.stderr


def test_defaults_let_a_fresh_machine_run():
    done = run_settings(
        "(s.ALLOWED_HOSTS, s.SEARCH_API_RATE_LIMIT, str(s.SEARCH_INDEX_DIR).endswith('var/index'))",
        DJANGO_DEBUG="1",
    )
    assert done.stdout.strip() == "(['127.0.0.1', 'localhost'], '600/m', True)", done.stderr


def test_https_alone_sends_hsts_without_subdomains_or_preload_and_trusts_no_proxy():
    done = run_settings(
        "(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "getattr(s, 'SECURE_PROXY_SSL_HEADER', None), s.TRUSTED_PROXIES)",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_HTTPS="1",
    )
    assert done.stdout.strip() == "(False, False, None, [])", done.stderr


def test_hsts_subdomains_and_preload_each_have_their_own_setting():
    expression = "(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    https = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_HTTPS": "1"}
    subdomains = run_settings(expression, **https, DJANGO_HSTS_INCLUDE_SUBDOMAINS="1")
    assert subdomains.stdout.strip() == "(True, False)", subdomains.stderr
    preload = run_settings(expression, **https, DJANGO_HSTS_PRELOAD="1")
    assert preload.stdout.strip() == "(False, True)", preload.stderr


def test_forwarded_proto_is_read_only_with_a_trusted_proxy():
    done = run_settings(
        "(s.SECURE_PROXY_SSL_HEADER, s.TRUSTED_PROXIES)",
        DJANGO_DEBUG="1",
        DJANGO_TRUSTED_PROXIES="10.0.0.5, 192.168.0.0/24",
    )
    expected = "(('HTTP_X_FORWARDED_PROTO', 'https'), ['10.0.0.5', '192.168.0.0/24'])"
    assert done.stdout.strip() == expected, done.stderr


def test_a_bad_trusted_proxy_fails_at_start_up():
    done = run_settings("s.TRUSTED_PROXIES", DJANGO_DEBUG="1", DJANGO_TRUSTED_PROXIES="10.0.0.300")
    assert done.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES must list addresses or networks, not '10.0.0.300'" in done.stderr


def test_a_bad_rate_limit_exemption_fails_at_start_up():
    setting = "SEARCH_RATE_LIMIT_EXEMPT"
    done = run_settings(f"s.{setting}", DJANGO_DEBUG="1", **{setting: "me"})
    assert done.returncode != 0
    assert "SEARCH_RATE_LIMIT_EXEMPT must list addresses or networks, not 'me'" in done.stderr


def test_rate_limits_count_in_the_database_unless_redis_is_named():
    expression = "(s.SEARCH_PAGE_RATE_LIMIT, s.REDIS_URL, sorted(s.CACHES))"
    default = run_settings(expression, DJANGO_DEBUG="1", REDIS_URL="")
    assert default.stdout.strip() == "('120/m', '', ['default'])", default.stderr
    redis = run_settings(expression, DJANGO_DEBUG="1", REDIS_URL="redis://cache.internal:6379/0")
    assert (
        redis.stdout.strip() == "('120/m', 'redis://cache.internal:6379/0', ['default', 'limits'])"
    )


def test_a_local_env_file_lets_manage_py_run_without_typing_debug(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=generated-for-this-machine\n")
    done = run_settings("(s.DEBUG, s.SECRET_KEY)", DJANGO_ENV_FILE=str(env_file))
    assert done.stdout.strip() == "(True, 'generated-for-this-machine')", done.stderr


def test_the_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\n")
    done = run_settings("s.DEBUG", DJANGO_ENV_FILE=str(env_file), DJANGO_DEBUG="0")
    assert done.returncode != 0
    assert "You must set DJANGO_SECRET_KEY" in done.stderr


def test_make_writes_the_env_file_once_with_a_generated_secret(tmp_path):
    makefile = settings.BASE_DIR / "Makefile"
    make = ["make", "-s", "-f", str(makefile), "-C", str(tmp_path), ".env"]
    subprocess.run(make, check=True, capture_output=True)
    first = (tmp_path / ".env").read_text()
    subprocess.run(make, check=True, capture_output=True)
    assert (tmp_path / ".env").read_text() == first
    assert "DJANGO_DEBUG=1" in first
    secret = first.split("DJANGO_SECRET_KEY=")[1].strip()
    assert len(secret) >= 50
