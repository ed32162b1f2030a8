"""make lighthouse: Lighthouse 12 scores of the main pages in every language.

Seeds its own site under var/lighthouse-site/ (the guide, as `make run` does, and the
example questions, as `make examples` does), serves it
with gunicorn on loopback (DJANGO_DEBUG=0, as in production) and runs Lighthouse
(installed by `make lighthouse` into var/lighthouse/) in Debian's Chromium against each
page. Prints the four category scores per page; exits 1 if any is below the floor.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import gunicorn

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SITE = ROOT / "var" / "lighthouse-site"
LIGHTHOUSE = ROOT / "var" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FLOOR = 98
PAGES = {
    "home": "",
    "results": "search/?q={query}",
    "issue": "issues/returns/",
    "channel": "channels/phone/",
    "question": "questions/change-delivery-address/",
    "category": "categories/orders-delivery/",
}
QUERIES = {"zh-hans": "退款", "zh-hant": "退款", "en": "refund"}


def languages() -> list[str]:
    """Return the site's language codes, from the settings (the language registry)."""
    code = "from django.conf import settings; print(*(code for code, _ in settings.LANGUAGES))"
    done = subprocess.run(
        [PYTHON, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=ENV, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.split()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DATABASE_URL": f"sqlite:///{SITE / 'db.sqlite3'}",
    "SEARCH_INDEX_DIR": str(SITE / "index"),
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "lighthouse-only-not-a-secret",
}


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True, capture_output=True)


def seed() -> None:
    SITE.mkdir(parents=True, exist_ok=True)
    for stale in SITE.glob("db.sqlite3*"):
        stale.unlink()
    manage("migrate", "--noinput")
    manage("loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")))
    manage("loaddata", str(ROOT / "fixtures" / "examples" / "questions.json"))  # make examples
    manage("collectstatic", "--noinput")
    manage("rebuild_index", "--noinput")


def serve(port: int) -> subprocess.Popen:
    return gunicorn.start(ENV, port, workers=2)


def scores(url: str) -> dict[str, int]:
    """Run Lighthouse once against the URL; return each category's score out of 100."""
    report = SITE / "report.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless --no-sandbox --disable-background-networking",
    ]
    environment = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    # Now and then Chromium does not come up under Lighthouse (exit 1), or a gatherer fails
    # inside it and a category has no score: the page is measured again, up to 3 times.
    for _attempt in range(3):
        done = subprocess.run(command, env=environment, capture_output=True, text=True)
        if done.returncode == 0:
            categories = json.loads(report.read_text())["categories"]
            if all(categories[name]["score"] is not None for name in CATEGORIES):
                return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}
    raise SystemExit(f"Lighthouse measured nothing on {url}:\n{done.stderr[-2000:]}")


def main() -> None:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make lighthouse`.")
    seed()
    port = free_port()
    server = serve(port)
    below = []
    try:
        print(f"{'page':<18} " + " ".join(f"{name:>15}" for name in CATEGORIES))
        for lang in languages():
            for name, path in PAGES.items():
                url = f"http://127.0.0.1:{port}/{lang}/{path.format(query=QUERIES[lang])}"
                found = scores(url)
                below += [f"{name}-{lang} {c} {s}" for c, s in found.items() if s < FLOOR]
                row = " ".join(f"{found[c]:>15}" for c in CATEGORIES)
                print(f"{name + ' ' + lang:<18} {row}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
    if below:
        raise SystemExit(f"below {FLOOR}: {below}")


if __name__ == "__main__":
    main()
