"""Parity checks: a Simplified query written in Traditional Chinese (OpenCC s2twp, Taiwan's
words; s2hk, Hong Kong's; s2t, characters only) should rank what the Simplified one ranks.

Usage: python -m bench.parity file.tsv... [--show]

Reads the zh-hans queries of labelled tsv files (lang, query, answers), converts each, and
counts the queries whose normalised form, top result or top three change. Build the checks
from files you may tune on: the point is to find conversion gaps, not to fit a query.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

CONVERSIONS = ("s2twp", "s2hk", "s2t")


def zh_queries(paths: list[str]) -> list[str]:
    """Return the distinct zh-hans queries of the files, in order (Django set up)."""
    from tests.search.relevance import load_cases

    cases = [case for path in paths for case in load_cases(Path(path))]
    return list(dict.fromkeys(query for lang, query, _answers in cases if lang == "zh-hans"))


def main(argv: list[str]) -> None:
    import django

    django.setup()
    import opencc

    from search.analysis import normalize_query
    from search.config import mechanism_on
    from search.services import faq_search
    from search.snapshot import current_snapshot

    known = current_snapshot().knows_word if mechanism_on("taiwan_readings") else None

    def top(query: str) -> list[str]:
        return [hit.slug for hit in faq_search(query=query, lang="zh-hans", record=False).hits[:3]]

    queries = zh_queries([a for a in argv if not a.startswith("-")])
    # per conversion: normalised form differs, top result differs, top three differ
    totals = {name: [0, 0, 0] for name in CONVERSIONS}
    for query in queries:
        base = top(query)
        for name in CONVERSIONS:
            variant = opencc.OpenCC(name).convert(query)
            if variant == query:
                continue
            normalised = normalize_query(variant, known)
            got = top(variant)
            counts = totals[name]
            counts[0] += normalised != normalize_query(query, known)
            counts[1] += got[:1] != base[:1]
            counts[2] += set(got) != set(base)
            if "--show" in argv and got[:1] != base[:1]:
                print(f"{name}\t{query}\t{variant}\t{normalised}\t{base}\t{got}")
    print(f"{len(queries)} Simplified queries")
    for name, (forms, firsts, threes) in totals.items():
        print(f"  {name}: normalised differs {forms}, top differs {firsts}, top three {threes}")


if __name__ == "__main__":
    main(sys.argv[1:])
