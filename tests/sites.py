"""Real sites for tests that run the project in other processes: own database and index."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]
FIXTURES = sorted(str(path) for path in (settings.BASE_DIR / "fixtures").glob("*.json"))


def site_env(root: Path, **extra: str) -> dict[str, str]:
    """Return the environment of a site whose index lives under `root`, with a database
    of its own: a file there, or a new database when the suite runs on PostgreSQL."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "tests-only-" + "k" * 50,
        "DATABASE_URL": new_database(root),
        "SEARCH_INDEX_DIR": str(root / "index"),
        **extra,
    }


def new_database(root: Path) -> str:
    """Return the URL of an empty database for a site (see bin/with-postgres)."""
    admin_url = os.environ.get("POSTGRES_ADMIN_URL")
    if not admin_url:
        return f"sqlite:///{root / 'db.sqlite3'}"
    import psycopg

    name = f"site_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))


def manage(env: dict[str, str], *command: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run a manage.py command in the site's environment; return its result."""
    return subprocess.run(
        [*MANAGE, *command],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=check,
    )


def seed(env: dict[str, str], *, index: bool = True) -> None:
    """Seed a site as README's `make run` does: migrate, load the fixtures, build the
    index (unless the site's nodes build their own when they start)."""
    manage(env, "migrate", "--noinput")
    manage(env, "loaddata", *FIXTURES)
    if index:
        manage(env, "rebuild_index", "--noinput")
