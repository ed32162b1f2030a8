"""The query log at 1,000,000 rows: autocomplete and the insights page (not a timed test).

Builds a throwaway site (SQLite in a temporary folder, the guide, its index), writes
1,000,000 raw query-log rows over 90 days (Zipf-distributed queries, many visitors, staff
and bots among them), 50,000 clicks and 5,000 votes, runs `maintain_query_log --days 90`,
then times the timer's run (the last two days), `/api/suggest/` over a mix of prefixes
and the insights page at 7 and 30 days through Django's test client. Prints JSON.
Run: `python bench/querylog.py [--rows N]`.
"""

import argparse
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-querylog-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    DJANGO_ENV_FILE="",
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY="bench-only-" + "k" * 50,
    DJANGO_ALLOWED_HOSTS="testserver",
    DATABASE_URL=f"sqlite:///{WORK / 'db.sqlite3'}",
    SEARCH_INDEX_DIR=str(WORK / "index"),
    SEARCH_API_RATE_LIMIT="0",
)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

WORDS_EN = [
    "refund",
    "return",
    "order",
    "parcel",
    "package",
    "delivery",
    "tracking",
    "lost",
    "damaged",
    "account",
    "password",
    "login",
    "gift",
    "card",
    "balance",
    "phone",
    "call",
    "chat",
    "email",
    "help",
    "forum",
    "invoice",
    "cancel",
    "change",
    "address",
    "late",
    "missing",
    "broken",
    "quality",
    "replace",
    "warranty",
    "exchange",
    "payment",
    "charge",
    "twice",
    "coupon",
]
WORDS_ZH = [
    "退款",
    "退货",
    "订单",
    "包裹",
    "快递",
    "物流",
    "丢失",
    "损坏",
    "账户",
    "密码",
    "登录",
    "礼品卡",
    "余额",
    "电话",
    "客服",
    "聊天",
    "邮件",
    "帮助",
    "论坛",
    "发票",
    "取消",
    "地址",
    "延迟",
    "质量",
    "更换",
    "保修",
    "换货",
    "付款",
    "扣款",
    "优惠券",
]
PREFIXES = ["r", "re", "ref", "refund", "p", "pa", "gift", "退", "退款", "礼品", "快", "客服"]


def vocabulary(size: int) -> list[str]:
    """Return `size` distinct queries: one to three words, English or Chinese."""
    rng, queries = random.Random(1), set()
    while len(queries) < size:
        words = WORDS_EN if rng.random() < 0.5 else WORDS_ZH
        joiner = " " if words is WORDS_EN else ""
        queries.add(joiner.join(rng.sample(words, rng.choice((1, 2, 2, 3)))))
    return sorted(queries)


def fill(rows: int) -> None:
    """Write the raw rows with plain INSERTs (the ORM would take minutes)."""
    rng, queries = random.Random(2), vocabulary(20_000)
    weights = [1 / (rank + 1) for rank in range(len(queries))]  # Zipf
    now = timezone.now()
    audiences = ["visitor"] * 85 + ["staff"] * 5 + ["api"] * 5 + ["bot"] * 5
    picked = rng.choices(queries, weights, k=rows)
    log, clicks = [], []
    for i, query in enumerate(picked):
        when = now - timedelta(seconds=rng.randrange(90 * 86400))
        found = 0 if rng.random() < 0.1 else rng.randrange(1, 30)
        audience, visitor = rng.choice(audiences), f"{rng.randrange(50_000):016x}"
        log.append((query, "en", "", found, "", 3.0, when, audience, visitor))
        if i % 20 == 0:
            clicks.append((query, "en", "issue", "returns", 1, audience, visitor, when))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_querylog (query, lang, kind, result_count, suggestion,"
            " duration_ms, created_at, audience, visitor) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            log,
        )
        cursor.executemany(
            "INSERT INTO search_searchclick (query, lang, kind, slug, position, audience,"
            " visitor, created_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
            clicks,
        )
        votes = [
            (
                "issue",
                slug,
                "en",
                rng.random() < 0.6,
                "Too short." if i % 7 == 0 else "",
                f"{i:016x}",
                "visitor",
                (now - timedelta(days=i % 30)).date(),
                now,
            )
            for i, slug in enumerate(rng.choices(["returns", "shipping", "orders"], k=5000))
        ]
        cursor.executemany(
            "INSERT INTO faq_feedback (kind, slug, lang, helpful, comment, visitor, audience,"
            " day, created_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            votes,
        )


def timings(calls: int, request) -> dict:
    spent = []
    for _ in range(calls):
        started = time.perf_counter()
        response = request()
        spent.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    ordered = sorted(spent)
    return {
        "n": calls,
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
        "max_ms": round(ordered[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("migrate", **quiet)
    call_command("seed_guide", **quiet)
    call_command("rebuild_index", interactive=False, **quiet)
    started = time.perf_counter()
    fill(rows)
    filled = time.perf_counter() - started
    started = time.perf_counter()
    call_command("maintain_query_log", days=91, stdout=io.StringIO())
    aggregated = time.perf_counter() - started
    started = time.perf_counter()
    call_command("maintain_query_log", stdout=io.StringIO())  # what the timer runs
    timer_run = time.perf_counter() - started

    client = Client()
    prefixes = iter(PREFIXES * 100)
    suggest = timings(
        len(PREFIXES) * 20,
        lambda: client.get("/api/suggest/", {"q": next(prefixes), "lang": "en"}),
    )
    editor = User.objects.create_superuser("bench", "bench@example.com", "pw")
    client.force_login(editor)
    insights = {
        f"insights_{days}d": timings(
            10, lambda d=days: client.get(f"/admin/search/queryday/?days={d}")
        )
        for days in (7, 30)
    }
    from search.models import QueryDay, QueryLog, SuggestedQuery

    print(
        json.dumps(
            {
                "raw_rows": QueryLog.objects.count(),
                "daily_rows": QueryDay.objects.count(),
                "suggested_queries": SuggestedQuery.objects.count(),
                "fill_s": round(filled, 1),
                "maintain_query_log_90_days_s": round(aggregated, 1),
                "maintain_query_log_timer_run_s": round(timer_run, 1),
                "suggest": suggest,
                **insights,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
