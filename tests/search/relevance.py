"""Score the search function against a labelled query file (the idea of ../shared/eval)."""

from collections import defaultdict
from pathlib import Path

from search.services import faq_search

RELEVANCE_FILE = Path(__file__).with_name("relevance.tsv")


def load_cases(path: Path = RELEVANCE_FILE) -> list[tuple[str, str, set[str]]]:
    """Return (lang, query, accepted kind:slug answers) for every line of the file."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, query, answers = line.split("\t")
            cases.append((lang, query, {a.strip() for a in answers.split(",")}))
    return cases


def hit_at_1(cases, ui_lang: str | None = None) -> tuple[dict[str, float], list[str]]:
    """Return hit@1 per query language, and the queries whose first result was wrong."""
    hits, totals, misses = defaultdict(int), defaultdict(int), []
    for lang, query, accepted in cases:
        results = faq_search(query=query, lang=ui_lang or lang, limit=3, record=False)
        ranked = [f"{hit.kind}:{hit.slug}" for hit in results.hits]
        totals[lang] += 1
        if ranked[:1] and ranked[0] in accepted:
            hits[lang] += 1
        else:
            misses.append(f"{lang} {query!r}: want {sorted(accepted)}, got {ranked}")
    return {lang: hits[lang] / totals[lang] for lang in totals}, misses
