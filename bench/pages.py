"""make bench-pages: every public page's size and p50 latency at 10,000 generated entries.

Builds its own site under var/bench-pages/ (SQLite database and index, never the one
`make run` serves nor `make bench`'s), loads the guide plus N generated entries, serves it
with one gunicorn worker on loopback and fetches each page in turn. A benchmark, not a
test: it prints a table and whether every page stays within the budget (no page may grow
with the corpus: at most 150 KB, p50 at most 50 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import gunicorn

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
OUT = ROOT / "var" / "bench-pages"
PORT = 8766
MAX_KB, MAX_P50_MS = 150, 50
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DATABASE_URL": f"sqlite:///{OUT / 'db.sqlite3'}",
    "SEARCH_INDEX_DIR": str(OUT / "index"),
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
    "SEARCH_API_RATE_LIMIT": "0",
}


def manage(*args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build_site(entries: int) -> None:
    """A fresh database with the guide and `entries` generated entries, indexed."""
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("db.sqlite3*"):
        stale.unlink()
    manage("migrate", "--noinput")
    manage("loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")))
    if entries:
        manage("generate_corpus", "--entries", str(entries))
    manage("rebuild_index", "--noinput")


def public_pages() -> list[str]:
    """Every kind of public page, in both languages: the last page of each long list too."""
    output = manage(
        "shell",
        "-c",
        "import json; from faq.kinds import entry_models; M = entry_models(); "
        "from faq.views import LIST_PAGE_SIZE as S; "
        "print(json.dumps({k: [-(-m.objects.published().count() // S), "
        "m.objects.published().order_by('-pk').values_list('slug', flat=True).first()] "
        "for k, m in M.items()}))",
    )
    last = json.loads(output.strip().splitlines()[-1])  # after the shell's own messages
    pages = []
    for lang in ("zh-hans", "en"):
        pages += [
            f"/{lang}/",
            f"/{lang}/search/?q={'退款' if lang == 'zh-hans' else 'refund'}",
            f"/{lang}/search/?q=xylophonequartz",
            f"/{lang}/search/?q=service&page=3",
            f"/{lang}/issues/returns/",
            f"/{lang}/channels/phone/",
            f"/{lang}/tips/escalate/",
            f"/{lang}/guide/channels-overview/",
            f"/{lang}/recent/",
            f"/{lang}/feed/",
            f"/{lang}/api/",
        ]
        for segment, kind in (("issues", "issue"), ("channels", "channel"), ("tips", "tip")):
            pages += [
                f"/{lang}/{segment}/",
                f"/{lang}/{segment}/?page={last[kind][0]}",
                f"/{lang}/{segment}/{last[kind][1]}/",
            ]
    return [*pages, "/sitemap.xml", "/sitemap-issue.xml", "/sitemap-issue.xml?p=2", "/robots.txt"]


class Server:
    """One gunicorn worker: requests are timed one at a time, as one visitor sees them."""

    def __init__(self):
        self.process = gunicorn.start(ENV, PORT, workers=1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def measure(path: str, samples: int) -> dict:
    """Return the page's status, size and latency percentiles over `samples` fetches."""
    url = f"http://127.0.0.1:{PORT}{urllib.parse.quote(path, safe='/?=&')}"
    timings, size, status = [], 0, 0
    for _ in range(samples + 1):  # the first fetch warms caches and is not counted
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                body, status = response.read(), response.status
        except urllib.error.HTTPError as error:
            body, status = error.read(), error.code
        timings.append((time.perf_counter() - started) * 1000)
        size = len(body)
    timings = sorted(timings[1:])
    return {
        "status": status,
        "kb": round(size / 1024, 1),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000, help="generated entries")
    parser.add_argument("--samples", type=int, default=20, help="timed fetches per page")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the site the last run built, as it is"
    )
    args = parser.parse_args()
    if not args.reuse:
        build_site(args.entries)
    pages = public_pages()
    server = Server()
    try:
        results = {path: measure(path, args.samples) for path in pages}
    finally:
        server.stop()
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print_table(results, args.entries)


def print_table(results: dict, entries: int) -> None:
    print(
        f"{entries} generated entries; one gunicorn worker; budget {MAX_KB} KB, p50 {MAX_P50_MS} ms"
    )
    print(f"{'page':<58} {'status':>6} {'KB':>7} {'p50 ms':>7} {'p95 ms':>7}")
    over = []
    for path, r in results.items():
        flag = ""
        if r["kb"] > MAX_KB or r["p50_ms"] > MAX_P50_MS or r["status"] != 200:
            flag = " over"
            over.append(path)
        print(f"{path:<58} {r['status']:>6} {r['kb']:>7} {r['p50_ms']:>7} {r['p95_ms']:>7}{flag}")
    print(
        f"largest {max(r['kb'] for r in results.values())} KB, "
        f"slowest p50 {max(r['p50_ms'] for r in results.values())} ms; "
        f"{'every page within budget' if not over else f'{len(over)} over budget'}"
    )


if __name__ == "__main__":
    main()
