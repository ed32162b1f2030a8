"""Search results stay exact: the same ranked entries before and after a change of the
code, and, after a burst of edits, the same in a warm process as in a fresh one.

    python bench/exact_results.py [--against CHECKOUT]

Builds a throwaway site (the shipped guide, SQLite, under a temporary directory) and
records `faq_search(query, lang, record=False, limit=10)`'s ranked (kind, slug) for every
query of ../shared/eval/dev2.tsv and dev.tsv:

1. in this checkout and, with --against, in another one (e.g. a worktree of main) on the
   same site: the two must be identical;
2. in one process that first runs every query (every cache warm), then saves a burst of
   edits and runs them again, against a fresh process started afterwards on the same
   site: identical again, with their scores.
Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("FAQ_EVAL_DIR", ROOT.parent / "shared" / "eval"))
SETS = [EVAL / "dev2.tsv", EVAL / "dev.tsv"]


def queries() -> list[tuple[str, str]]:
    pairs = []
    for path in SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                lang, query = line.split("\t")[:2]
                pairs.append((lang, query))
    return pairs


def ranked(with_scores: bool) -> list:
    from search.services import faq_search

    found = []
    for lang, query in queries():
        hits = faq_search(query=query, lang=lang, record=False, limit=10).hits
        found.append(
            [lang, query, [[h.kind, h.slug] + ([h.score] if with_scores else []) for h in hits]]
        )
    return found


def record(out: str, with_scores: bool) -> None:
    import django

    django.setup()
    Path(out).write_text(json.dumps(ranked(with_scores), ensure_ascii=False))


def burst_then_record(out: str) -> None:
    """Warm every cache, save a burst of edits, then record from the same process."""
    import django

    django.setup()
    from faq.models import Channel, ChannelStep, Issue, Tip
    from search import indexing

    ranked(True)  # every query once: the caches the next snapshot may carry over
    issues = list(Issue.objects.order_by("pk"))
    texts = [issue.solution_en for issue in issues]
    for n, issue in enumerate(issues):  # known words moved between entries
        issue.solution_en = texts[(n + 1) % len(texts)]
        issue.save()
        if n == 0:
            ranked(True)  # searches between edits, too
    step = ChannelStep.objects.filter(channel__slug="phone").first()
    step.body_en = "Call the number on the back of the card."
    step.save()
    channel = Channel.objects.get(slug="email")
    channel.title_en = "Electronic mail"
    channel.save()
    tip = Tip.objects.get(slug="escalate")
    tip.is_published = False
    tip.save()
    issues[0].solution_zh_hans = "退款到账时间请联系客服，商品质量问题请拍照。"
    issues[0].save()
    indexing.deferred.flush()  # commits the interval held back, as its timer would
    Path(out).write_text(json.dumps(ranked(True), ensure_ascii=False))


def run(checkout: Path, env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(checkout / "bench" / "exact_results.py"), *args],
        cwd=checkout,
        env=env,
        check=True,
    )


def compare(name: str, first: Path, second: Path) -> bool:
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    differing = [(x[0], x[1], x[2], y[2]) for x, y in zip(a, b, strict=True) if x != y]
    print(f"{name}: {len(a)} queries, {len(differing)} differ")
    for lang, query, left, right in differing[:10]:
        print(f"  {lang} {query}: {left} != {right}")
    return not differing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument("--record", help=argparse.SUPPRESS)
    parser.add_argument("--scores", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--burst-then-record", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(Path.cwd()))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if args.record:
        return record(args.record, args.scores)
    if args.burst_then_record:
        return burst_then_record(args.burst_then_record)

    root = Path(tempfile.mkdtemp(prefix="faq-exact-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "exact-results-only-not-a-secret",
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "SEARCH_INDEX_DIR": str(root / "index"),
        "FAQ_EVAL_DIR": str(EVAL),  # the other checkout reads the same sets
    }
    try:
        manage = [sys.executable, "manage.py"]
        fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
        for command in (["migrate", "--noinput"], ["loaddata", *fixtures]):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run(
            [*manage, "rebuild_index", "--noinput"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        same = True
        run(ROOT, env, "--record", str(root / "here.json"))
        if args.against:
            run(args.against.resolve(), env, "--record", str(root / "there.json"))
            same &= compare("this checkout vs --against", root / "here.json", root / "there.json")
        run(ROOT, env, "--burst-then-record", str(root / "warm.json"))
        run(ROOT, env, "--record", str(root / "fresh.json"), "--scores")
        same &= compare(
            "after a burst: warm process vs fresh process", root / "warm.json", root / "fresh.json"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
