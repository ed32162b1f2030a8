"""Web nodes for the browser tests, the multi-node tests and the cluster benchmark.

Each node is a gunicorn server with its own name, index directory and port; several share
one PostgreSQL database, as docs/deploy.md describes, on one machine. Editors reach a node
through its admin over HTTP, as a browser would (the form's fields, the CSRF token).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

from tests.sites import manage, seed

EDITOR = ("editor", "correct-horse-battery-staple")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Node:
    """One web node: `start()` builds its index if it has none, then serves."""

    name: str
    root: Path
    database_url: str
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    # Settings of this node beyond the defaults below (e.g. a rate limit, trusted proxies).
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def log(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        return self.root / "server.log"

    @property
    def env(self) -> dict[str, str]:
        from tests.sites import site_env

        settings = {
            "DATABASE_URL": self.database_url,
            "SEARCH_NODE_NAME": self.name,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "SEARCH_API_RATE_LIMIT": "0",
            "SEARCH_PAGE_RATE_LIMIT": "0",
        }
        return site_env(self.root, **{**settings, **self.extra_env})

    def start(self, timeout: float = 300) -> Node:
        """Start gunicorn and return once /healthz answers. The bound is generous: on a
        busy machine building the index and forking the workers take their time. A port
        taken meanwhile by another process (free_port() only found it free) gets a new one."""
        for _attempt in range(3):
            if self._start(timeout):
                return self
            self.port = free_port()
        raise RuntimeError(f"node {self.name} found no free port: {self.log.read_text()[-2000:]}")

    def _start(self, timeout: float) -> bool:
        """Return True once the node answers, False when its port was taken."""
        log_start = self.log.stat().st_size if self.log.exists() else 0
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        self.process = subprocess.Popen(
            [
                gunicorn,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                # gunicorn kills a worker whose request runs past 30 s: on a busy machine, a
                # node's first search after thousands of edits (it applies them first) can.
                "--timeout",
                "300",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.log, "a"),  # noqa: SIM115
            start_new_session=True,  # its own process group: stop() reaches every worker
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log.read_bytes()[log_start:].decode(errors="replace")
                if "Connection in use" in log or "Address already in use" in log:
                    self.process = None
                    return False
                raise RuntimeError(f"node {self.name} exited: {log[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=30):
                    return True
            except OSError:
                time.sleep(0.1)
        self.stop(kill=True)
        raise RuntimeError(f"node {self.name} did not start within {timeout} s")

    def stop(self, kill: bool = False) -> None:
        """Stop the node; with kill, SIGKILL the server and its workers, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            if kill:
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.terminate()
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:  # a graceful stop that hangs: end it
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def search(self, query: str, lang: str = "en") -> dict:
        params = urllib.parse.urlencode({"q": query, "lang": lang})
        # A generous bound: a search may first apply thousands of changes on a busy machine.
        with urllib.request.urlopen(f"{self.url}/api/search/?{params}", timeout=300) as response:
            return json.load(response)

    def check_index(self) -> subprocess.CompletedProcess:
        return manage(self.env, "check_index", check=False)


def seed_database(env: dict[str, str]) -> None:
    """Migrate and load the guide once, for every node, with an editor account."""
    seed(env, index=False)
    manage(
        {**env, "DJANGO_SUPERUSER_PASSWORD": EDITOR[1]},
        "createsuperuser",
        "--noinput",
        "--username",
        EDITOR[0],
        "--email",
        "e@example.com",
    )


class _FormFields(HTMLParser):
    """The fields a browser would submit from a page's main form."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select and "selected" in attrs:
            self._select_value = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            name, value = self.fields[-1]
            # Browsers drop the newline that follows <textarea>.
            self.fields[-1] = (name, value + (data if value else data.removeprefix("\n")))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 after a save is the answer; do not fetch the next page


class AdminSession:
    """An editor logged into one node's admin, over HTTP."""

    def __init__(self, node: Node):
        self.node = node
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        self._submit("/admin/login/?next=/admin/", {"username": EDITOR[0], "password": EDITOR[1]})

    def edit(self, path: str, **changes: str) -> tuple[float, float]:
        """Open a change form (e.g. "/admin/faq/tip/3/change/"), change fields, save.

        Return when the save was sent and when its answer came (time.monotonic()): the
        edit was committed in between.
        """
        return self._submit(path, changes)

    def _submit(self, path: str, changes: dict[str, str]) -> tuple[float, float]:
        url = self.node.url + path
        with self.opener.open(url, timeout=300) as response:
            parser = _FormFields()
            parser.feed(response.read().decode())
        fields = [(n, v) for n, v in parser.fields if n not in changes] + list(changes.items())
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode(fields).encode(), headers={"Referer": url}
        )
        sent = time.monotonic()
        try:
            with self.opener.open(request, timeout=300):
                pass  # 200: the form again, with errors
        except urllib.error.HTTPError as answer:
            if answer.code == 302:
                return sent, time.monotonic()
            raise
        raise AssertionError(f"the admin refused the form at {path}")
