"""Search while editors save: throughput and p95 when quiet, then during ~10 edits a second.

`python bench/edits.py` (part of `make bench`; `--entries N` adds generated entries first).
One gunicorn node of two sync workers on loopback (SQLite, its own site under a temporary
directory), searched by wrk (the benchmark's Zipf mix, 2 threads, 4 connections) for
SECONDS, twice: once quiet, once while editors save entries at RATE edits a second in all,
half through the node's admin over HTTP (a logged-in editor, the form and its CSRF token,
as a browser would) and half as ORM saves from a shell process of their own. Every loop is
bounded by the run's deadline and the site is removed at the end.

Afterwards it waits (a condition, bounded) until the index has applied every edit, and
runs check_index: nothing missing, stale or indexed twice.

Each stretch also reports the CPU seconds each party used (`cpu_seconds`): the gunicorn
workers (searches, and during edits the admin's requests and the commits they or their
timers make), the shell editor, wrk, this process (the admin's HTTP client) and the rest of
the machine (other work on a shared machine), from /proc. The shell editor starts (Django,
its first queries) before the stretch begins and waits to be told to go, so its start-up is
not counted as editing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

RATE = 10.0  # edits a second, admin and shell together
SECONDS = 10
# Four connections keep both workers busy (the quiet run is at full throughput) without a
# queue in front of them, so the p95 is the searches' own, not wrk's queue.
WRK_THREADS, WRK_CONNECTIONS = 2, 4
CATCH_UP_TIMEOUT = 120.0
# No commit for this long after a stretch of edits: every edit is applied (3 commit intervals).
SETTLED = 3.0
OUT = ROOT / "var" / "bench" / "edits.json"
# The admin edits these tips (its form carries the version it opened, so it must not
# share entries with the shell, whose saves would make the admin's a conflict).
ADMIN_TIPS = (1, 2)


def shell_editor(rate: float, seconds: float, new_words: bool) -> None:
    """Run in the node's environment: save issues through the ORM at `rate` a second.

    Each edit gives an issue the solution another issue had (words the index knows, as
    most real edits use); with `new_words`, a word no entry had before, every time.
    """
    import django

    django.setup()
    from faq.models import Issue

    issues = list(Issue.objects.order_by("pk")[:4])
    texts = [issue.solution_en for issue in issues]
    started = process_seconds()
    print("ready", flush=True)
    sys.stdin.readline()  # the bench says go when wrk starts
    deadline = time.monotonic() + seconds
    edits = 0
    while time.monotonic() < deadline:
        slot = time.monotonic() + 1 / rate
        issue = issues[edits % len(issues)]
        issue.refresh_from_db()
        issue.solution_en = texts[(edits // len(issues) + edits + 1) % len(texts)]
        if new_words:
            issue.solution_en += f" Shell edit {edits}: shelltoken{edits}."
        issue.save()
        edits += 1
        time.sleep(max(0.0, slot - time.monotonic()))
    print(json.dumps({"edits": edits, "cpu_seconds": round(process_seconds() - started, 2)}))


def process_seconds() -> float:
    """Return the CPU seconds (user and system) this process has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class CpuMeter:
    """CPU seconds used by each party between `start()` and `stop()`, read from /proc."""

    TICKS = os.sysconf("SC_CLK_TCK")

    def __init__(self, server_pid: int):
        self.server_pid = server_pid

    def start(self) -> None:
        self._workers, self._machine = self._worker_ticks(), self._machine_ticks()
        self._self = process_seconds()

    def stop(self, wrk_seconds: float, shell_seconds: float = 0.0) -> dict:
        workers = self._worker_ticks()
        used = {
            "gunicorn_workers": sum(t - self._workers.get(pid, 0) for pid, t in workers.items())
            / self.TICKS,
            "shell_editor": shell_seconds,
            "wrk": wrk_seconds,
            "bench_admin_client": process_seconds() - self._self,
        }
        machine = (self._machine_ticks() - self._machine) / self.TICKS
        used["everything_else"] = max(0.0, machine - sum(used.values()))
        return {name: round(seconds, 2) for name, seconds in used.items()}

    def _worker_ticks(self) -> dict[int, int]:
        """Return utime + stime of the server and each of its worker processes, by pid."""
        ticks = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended meanwhile
            pid, parent = int(stat.parent.name), int(fields[1])
            if self.server_pid in (pid, parent):
                ticks[pid] = int(fields[11]) + int(fields[12])
        return ticks

    @staticmethod
    def _machine_ticks() -> int:
        """Return the busy ticks of every core (user, nice, system, irq, softirq, steal)."""
        cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, cpu[:8])
        return user + nice + system + irq + softirq + steal


def children_seconds() -> float:
    """Return the CPU seconds of this process's children that ended and were waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def admin_editor(session, rate: float, seconds: float, new_words: bool, done: dict) -> None:
    """Save tips through the admin over HTTP at `rate` a second (slower if saves take
    longer), each with another tip's text."""
    guide = json.loads((ROOT / "fixtures" / "guide.json").read_text(encoding="utf-8"))
    texts = [o["fields"]["body_en"] for o in guide if o["model"] == "faq.tip"][:4]
    deadline = time.monotonic() + seconds
    edits, save_seconds = 0, []
    while time.monotonic() < deadline:
        slot = time.monotonic() + 1 / rate
        pk = ADMIN_TIPS[edits % len(ADMIN_TIPS)]
        text = texts[edits % len(texts)]
        if new_words:
            text += f" Admin edit {edits}: admintoken{edits}."
        sent, replied = session.edit(f"/admin/faq/tip/{pk}/change/", body_en=text)
        save_seconds.append(replied - sent)
        edits += 1
        time.sleep(max(0.0, slot - time.monotonic()))
    done["edits"] = edits
    done["save_ms_p50"] = round(sorted(save_seconds)[len(save_seconds) // 2] * 1000, 1)


def wrk(port: int, paths: list[str], seconds: int, connections: int) -> dict:
    """Run wrk over the paths in turn; return requests a second and latency percentiles."""
    script = (
        "paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
        "i = 0\nrequest = function()\n  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\nend\n"
        "done = function(summary, latency, requests)\n"
        "  for _, p in pairs({50, 95, 99}) do\n"
        "    io.write(string.format('pct %d %.3f\\n', p, latency:percentile(p) / 1000))\n"
        "  end\n"
        "  io.write(string.format('maxms %.3f\\n', latency.max / 1000))\n"
        "end\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    children = children_seconds()  # wrk is the only child that ends meanwhile
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{WRK_THREADS}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                lua.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(lua.name)
    found = re.findall(r"^pct (\d+) ([\d.]+)", output, re.M)
    percentiles = {f"p{p}_ms": float(ms) for p, ms in found}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        **percentiles,
        "max_ms": float(re.search(r"^maxms ([\d.]+)", output, re.M).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "wrk_cpu_seconds": children_seconds() - children,
    }


def search_paths(samples: int) -> list[str]:
    from bench.queries import query_mix

    return [
        "/api/search/?" + urllib.parse.urlencode({"q": q, "lang": lang})
        for lang, q in query_mix(samples)
    ]


def wait_until_found(node, token: str, slug: str) -> bool:
    """Wait (bounded) until the last edit's word finds its entry first."""
    deadline = time.monotonic() + CATCH_UP_TIMEOUT
    while time.monotonic() < deadline:
        results = node.search(token)["results"]
        if results and results[0]["slug"] == slug:
            return True
        time.sleep(0.05)
    return False


def kept_per_cpu(quiet: dict, edits: dict, seconds: int) -> float:
    """Return the share of quiet throughput kept, counted per CPU second the machine left
    to the bench's processes (its cores' seconds less what other work used): on a shared
    machine, the other work differs from one stretch to the next."""
    cores = os.cpu_count() or 1

    def per_cpu(stretch: dict) -> float:
        available = cores * seconds - stretch["cpu_seconds"]["everything_else"]
        return stretch["requests_per_second"] * seconds / available

    return round(per_cpu(edits) / per_cpu(quiet), 2)


def wait_until_settled(node) -> None:
    """Wait (bounded) until the node's index took no commit for SETTLED seconds, searching
    meanwhile (a search applies what the editors' timers left): the edits of the stretch
    before are all applied and the workers' snapshots are of the newest generation."""
    from search.indexing import latest_generation

    deadline = time.monotonic() + CATCH_UP_TIMEOUT
    generation, since = None, time.monotonic()
    while time.monotonic() < deadline:
        node.search("refund")
        newest = latest_generation(node.index_dir.resolve())
        if newest != generation:
            generation, since = newest, time.monotonic()
        elif time.monotonic() - since >= SETTLED:
            return
        time.sleep(0.1)
    raise RuntimeError("the index kept taking commits after the edits stopped")


def with_edits(
    node, session, paths, rate: float, seconds: int, new_words: bool, connections: int, meter
) -> dict:
    """Search with wrk while the admin and a shell process edit; return both sides."""
    admin_done: dict = {}
    admin = threading.Thread(
        target=admin_editor, args=(session, rate / 2, seconds, new_words, admin_done)
    )
    shell = subprocess.Popen(
        [sys.executable, __file__, "--shell-editor", str(rate / 2), str(seconds)]
        + (["--new-words"] if new_words else []),
        cwd=ROOT,
        env=node.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    from search.indexing import latest_generation

    try:
        if shell.stdout.readline().strip() != "ready":  # blocks until it is, or it died
            raise RuntimeError("the shell editor did not start")
        generation = latest_generation(node.index_dir.resolve())
        meter.start()
        shell.stdin.write("go\n")
        shell.stdin.flush()
        admin.start()
        during = wrk(node.port, paths, seconds, connections)
        commits = latest_generation(node.index_dir.resolve()) - generation
        cpu = meter.stop(during.pop("wrk_cpu_seconds"))
    finally:
        if admin.ident is not None:  # started
            admin.join()
        shell_out, _ = shell.communicate(timeout=CATCH_UP_TIMEOUT)
    shell_done = json.loads(shell_out.strip().splitlines()[-1])
    shell_edits = shell_done["edits"]
    cpu["shell_editor"] = shell_done["cpu_seconds"]
    cpu["everything_else"] = round(max(0.0, cpu["everything_else"] - cpu["shell_editor"]), 2)
    return {
        **during,
        "cpu_seconds": cpu,
        "edits_admin": admin_done["edits"],
        "edits_shell": shell_edits,
        "edits_per_second": round((admin_done["edits"] + shell_edits) / seconds, 1),
        "index_commits": commits,
        "admin_save_ms_p50": admin_done["save_ms_p50"],
    }


def measure(
    entries: int = 0,
    rate: float = RATE,
    seconds: int = SECONDS,
    rounds: int = 2,
    new_words: bool = False,
    connections: int = WRK_CONNECTIONS,
) -> dict:
    """Alternate quiet and edited stretches `rounds` times on one server (the machine's
    other work changes less between neighbours); the ratio is of each pair."""
    import django

    django.setup()
    from tests.nodes import AdminSession, Node, seed_database
    from tests.sites import manage, new_database, site_env

    root = Path(tempfile.mkdtemp(prefix="faq-bench-edits-"))
    pairs = []
    try:
        database_url = new_database(root)
        seed_env = site_env(root / "seed", DATABASE_URL=database_url)
        seed_database(seed_env)
        if entries:
            manage(seed_env, "generate_corpus", "--entries", str(entries))
        node = Node("bench-edits", root / "node", database_url, workers=2).start()
        try:
            paths = search_paths(2000)
            for path in paths[:300]:  # warm the workers as traffic would
                query = urllib.parse.parse_qs(path.split("?", 1)[1])
                node.search(query["q"][0], query["lang"][0])
            session = AdminSession(node)
            meter = CpuMeter(node.process.pid)
            for _round in range(rounds):
                wait_until_settled(node)  # the last stretch's commits are not the quiet one's
                meter.start()
                quiet = wrk(node.port, paths, seconds, connections)
                quiet["cpu_seconds"] = meter.stop(quiet.pop("wrk_cpu_seconds"))
                edits = with_edits(
                    node, session, paths, rate, seconds, new_words, connections, meter
                )
                kept = round(edits["requests_per_second"] / quiet["requests_per_second"], 2)
                pairs.append(
                    {
                        "quiet": quiet,
                        "edits": edits,
                        "throughput_kept": kept,
                        "kept_per_cpu_available": kept_per_cpu(quiet, edits, seconds),
                    }
                )
                print(json.dumps(pairs[-1]), file=sys.stderr)
            # One more edit, with a word to look for once every edit is applied.
            session.edit(f"/admin/faq/tip/{ADMIN_TIPS[0]}/change/", body_en="Edited: lastedit.")
            found = wait_until_found(node, "lastedit", "prepare")
            check = node.check_index()
            tracebacks = node.log.read_text().count("Traceback")
        finally:
            node.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return {
        "entries": entries,
        "seconds": seconds,
        "edits_bring_new_words": new_words,
        "server": "gunicorn -w 2 (sync), SQLite",
        "load": f"wrk -t{WRK_THREADS} -c{connections} -d{seconds}s, Zipf query mix",
        "rounds": pairs,
        "throughput_kept_median": statistics.median(pair["throughput_kept"] for pair in pairs),
        "kept_per_cpu_available_median": statistics.median(
            pair["kept_per_cpu_available"] for pair in pairs
        ),
        "edits_p95_ms_worst": max(pair["edits"]["p95_ms"] for pair in pairs),
        "last_edit_found": found,
        "check_index_clean": check.returncode == 0,
        "check_index": (check.stdout.strip() or check.stderr.strip())[-300:],
        "tracebacks_in_server_log": tracebacks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=0, help="generated entries to add")
    parser.add_argument("--rate", type=float, default=RATE, help="edits a second in all")
    parser.add_argument("--seconds", type=int, default=SECONDS, help="per measurement")
    parser.add_argument("--rounds", type=int, default=2, help="quiet/edited pairs")
    parser.add_argument("--connections", type=int, default=WRK_CONNECTIONS, help="wrk's")
    parser.add_argument(
        "--new-words", action="store_true", help="every edit brings a word no entry had"
    )
    parser.add_argument("--shell-editor", nargs=2, type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.shell_editor:
        shell_editor(*args.shell_editor, args.new_words)
        return
    result = measure(
        args.entries, args.rate, args.seconds, args.rounds, args.new_words, args.connections
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
