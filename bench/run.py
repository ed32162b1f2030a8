"""make bench: measure index build, search latency, HTTP throughput, cold start and memory,
search during a burst of edits (bench/edits.py) and the rate limit across workers
(bench/limits.py).

Builds its own site under var/bench/ (SQLite database and index, never the one `make
run` serves) at the shipped content, then 1,000 and 10,000 generated entries; prints a
table and writes var/bench/results.json. Each measurement runs in a fresh process. The
HTTP load comes from wrk (Debian), a separate process, against gunicorn on loopback.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.queries import query_mix  # noqa: E402

PYTHON = sys.executable
OUT = ROOT / "var" / "bench"
# Another worktree may run the bench at the same time: BENCH_PORT moves it.
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = 2
WRK_THREADS, WRK_CONNECTIONS, WRK_SECONDS = 2, 16, 8
ENV = {
    **os.environ,
    "DATABASE_URL": f"sqlite:///{OUT / 'db.sqlite3'}",
    "SEARCH_INDEX_DIR": str(OUT / "index"),
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
    "SEARCH_API_RATE_LIMIT": "0",
}


def run(*args: str, env: dict | None = None) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env or ENV, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def manage(*args: str) -> str:
    return run(PYTHON, "manage.py", *args)


def seed(entries: int) -> dict:
    """Load the guide plus `entries` generated entries, rebuild, and time the rebuild."""
    manage("generate_corpus", "--clear", *(["--entries", str(entries)] if entries else []))
    started = time.perf_counter()
    output = manage("rebuild_index", "--noinput")
    seconds = time.perf_counter() - started
    indexed = int(re.search(r"Indexed (\d+) entries", output).group(1))
    return {
        "entries": indexed,
        "seconds": round(seconds, 1),
        "per_second": round(indexed / seconds),
    }


def latency(mode: str, samples: int, cache: bool) -> dict:
    env = {**ENV, "SEARCH_RESULT_CACHE_SIZE": "2000" if cache else "0"}
    return json.loads(run(PYTHON, "bench/latency.py", mode, str(samples), env=env))


class Server:
    """gunicorn serving the bench site on loopback, as in production."""

    def __init__(self, workers: int, cache: bool = True):
        env = {**ENV, "SEARCH_RESULT_CACHE_SIZE": "2000" if cache else "0"}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_for(self, path: str, timeout: float = 30) -> float:
        """Return seconds from process start until `path` first answers 200."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.01)
        raise SystemExit(f"gunicorn did not answer {path}")

    def worker_rss_mb(self) -> float:
        children = subprocess.run(
            ["ps", "--ppid", str(self.process.pid), "-o", "pid="], capture_output=True, text=True
        ).stdout.split()
        status = Path(f"/proc/{children[0]}/status").read_text()
        return round(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024, 1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def search_paths(samples: int) -> list[str]:
    return [
        "/api/search/?" + urllib.parse.urlencode({"q": q, "lang": lang})
        for lang, q in query_mix(samples)
    ]


def wrk(paths: list[str]) -> dict:
    """Run wrk over the paths in turn; return requests per second and latency."""
    script = (
        "paths = {"
        + ",".join(json.dumps(p) for p in paths)
        + "}\n"
        + (
            "i = 0\nrequest = function()\n  i = i % #paths + 1\n"
            "  return wrk.format('GET', paths[i])\nend\n"
        )
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    output = run(
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{WRK_SECONDS}s",
        "--latency",
        "-s",
        lua.name,
        f"http://127.0.0.1:{PORT}",
    )
    os.unlink(lua.name)
    percentile = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "latency_p50": percentile.get("50"),
        "latency_p99": percentile.get("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def http() -> dict:
    """Throughput of /api/search/ against /healthz on the same server, cache on and off."""
    found = {}
    for cache in (True, False):
        server = Server(WORKERS, cache=cache)
        try:
            server.wait_for("/healthz")
            for path in search_paths(200):  # warm the workers as traffic would
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}").read()
            found["healthz"] = wrk(["/healthz"])
            found[f"search_cache_{'on' if cache else 'off'}"] = wrk(search_paths(2000))
        finally:
            server.stop()
    floor = found["healthz"]["requests_per_second"]
    for key in ("search_cache_on", "search_cache_off"):
        found[key]["ratio_to_healthz"] = round(found[key]["requests_per_second"] / floor, 2)
    return found


def cold_start() -> dict:
    """Seconds from starting gunicorn (one worker) to its first search answered."""
    server = Server(workers=1, cache=False)
    try:
        return {"first_search_seconds": round(server.wait_for("/api/search/?q=refund&lang=en"), 2)}
    finally:
        server.stop()


def memory() -> dict:
    """Resident memory of one warmed-up worker."""
    server = Server(workers=1)
    try:
        server.wait_for("/healthz")
        for path in search_paths(1000):
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}").read()
        return {"worker_rss_mb": server.worker_rss_mb()}
    finally:
        server.stop()


def scenarios(names: str) -> dict:
    """Search during 10 edits/s next to quiet (bench/edits.py) and the rate limit's
    accuracy across workers and nodes (bench/limits.py), each building its own site."""
    found = {}
    if "edits" in names.split(","):
        found["edits"] = json.loads(run(PYTHON, "bench/edits.py"))
    if "limits" in names.split(","):
        lines = run(PYTHON, "bench/limits.py").splitlines()
        found["limits"] = [json.loads(line) for line in lines if line.startswith("{")]
    return found


def machine() -> dict:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {
        "cpu": cpu.group(1) if cpu else platform.processor(),
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "load_generator": f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{WRK_SECONDS}s",
        "server": f"gunicorn -w {WORKERS} (sync workers), SQLite",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="0,1000,10000", help="generated entries per run")
    parser.add_argument("--samples", type=int, default=2000, help="searches per latency run")
    parser.add_argument(
        "--scenarios", default="edits,limits", help="at the shipped size: edits, limits (or none)"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    # A fresh database each run: an earlier run's query log would slow autocomplete.
    for stale in OUT.glob("db.sqlite3*"):
        stale.unlink()
    manage("migrate", "--noinput")
    manage("loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")))
    results = {"machine": machine(), "runs": {}}
    for size in [int(s) for s in args.sizes.split(",")]:
        run_result = {"rebuild": seed(size)}
        for cache in (True, False):
            name = f"search_cache_{'on' if cache else 'off'}"
            run_result[name] = latency("search", args.samples, cache)
        run_result["search_first_pass"] = latency("search-first-pass", args.samples, False)
        run_result["suggest"] = latency("suggest", args.samples, True)
        run_result["suggest_first_pass"] = latency("suggest-first-pass", args.samples, True)
        if size == 0:
            run_result["http"] = http()
            run_result["cold_start"] = cold_start()
            run_result.update(scenarios(args.scenarios))
        if size >= 10000:
            run_result["memory"] = memory()
            # The cold stream in 1 and 4 threads of one process, sharing one snapshot.
            for threads in (1, 4):
                run_result[f"threads_{threads}"] = latency(
                    f"search-threads-{threads}", args.samples, True
                )
        results["runs"][str(run_result["rebuild"]["entries"])] = run_result
        print(f"measured {run_result['rebuild']['entries']} entries", file=sys.stderr)
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    print_table(results)
    sys.stdout.flush()
    # Last: removing 10,000 generated entries goes through the change log, entry by entry.
    manage("generate_corpus", "--clear")


def print_table(results: dict) -> None:
    print(json.dumps(results["machine"]))
    print(
        f"{'entries':>8} {'rebuild s':>9} {'docs/s':>7} {'search p50/p95/p99 ms (cache on)':>34}"
        f" {'(cache off)':>20} {'first pass p50/p99':>19} {'suggest p50':>11}"
        f" {'suggest first pass p50/p95':>26}"
    )
    for entries, r in results["runs"].items():
        on, off, first = r["search_cache_on"], r["search_cache_off"], r["search_first_pass"]
        print(
            f"{entries:>8} {r['rebuild']['seconds']:>9} {r['rebuild']['per_second']:>7} "
            f"{on['p50']:>10}/{on['p95']}/{on['p99']:<14} "
            f"{off['p50']:>8}/{off['p95']}/{off['p99']:<8}"
            f" {first['p50']:>9}/{first['p99']:<9} {r['suggest']['p50']:>11}"
            f" {r['suggest_first_pass']['p50']:>18}/{r['suggest_first_pass']['p95']:<7}"
        )
        if "http" in r:
            for name, h in r["http"].items():
                ratio = h.get("ratio_to_healthz", 1.0)
                print(
                    f"   HTTP {name:<17} {h['requests_per_second']:>8} req/s"
                    f"  p50 {h['latency_p50']}"
                    f"  p99 {h['latency_p99']}  x{ratio} of /healthz  non-2xx {h['non_2xx']}"
                )
        if "edits" in r:
            for n, pair in enumerate(r["edits"]["rounds"], 1):
                quiet, edits = pair["quiet"], pair["edits"]
                print(
                    f"   search quiet / during {edits['edits_per_second']} edits/s (round {n}):"
                    f" {quiet['requests_per_second']} / {edits['requests_per_second']} req/s"
                    f" (x{pair['throughput_kept']}), p95 {quiet['p95_ms']} / {edits['p95_ms']} ms,"
                    f" {edits['index_commits']} index commits"
                )
        for limit in r.get("limits", []):
            print(
                f"   rate limit, counters in {limit['store']}: {limit['answered']} of"
                f" {limit['sent']} answered (limit {limit['limit']}, error"
                f" {limit['error_percent']} %); {limit['requests_per_s_limit_off']} /"
                f" {limit['requests_per_s_counted']} searches/s uncounted / counted"
            )
        if "cold_start" in r:
            print(
                f"   cold start: first search answered {r['cold_start']['first_search_seconds']} s"
            )
        if "memory" in r:
            print(f"   worker RSS after warm-up: {r['memory']['worker_rss_mb']} MB")
        for threads in (1, 4):
            if (t := r.get(f"threads_{threads}")) is not None:
                print(
                    f"   {threads} thread(s) in one process: {t['per_second']} searches/s,"
                    f" p50 {t['p50']} p99 {t['p99']} ms"
                )


if __name__ == "__main__":
    main()
