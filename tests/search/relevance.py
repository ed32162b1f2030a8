"""Score the search function against labelled query files (the idea of ../shared/eval)."""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from search.services import faq_search

RELEVANCE_FILE = Path(__file__).with_name("relevance.tsv")
# ../shared/eval/dev2.tsv, split once before tuning: tuned on one half, measured on both.
DEV2_TUNE = Path(__file__).with_name("dev2") / "tune.tsv"
DEV2_MEASURE = Path(__file__).with_name("dev2") / "measure.tsv"
# 200 queries in dev2's categories by an author who read only the guide (its header says how).
FRESH = Path(__file__).with_name("fresh.tsv")
# A second such sample, by another author, only measured (its header says how).
FRESH2 = Path(__file__).with_name("fresh2.tsv")


@dataclass
class Scores:
    hit_at_1: dict[str, float] = field(default_factory=dict)
    hit_at_3: dict[str, float] = field(default_factory=dict)
    zero: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def report(self) -> str:
        return f"hit@1 {self.hit_at_1} hit@3 {self.hit_at_3}\n" + "\n".join(self.misses)


def load_cases(path: Path = RELEVANCE_FILE) -> list[tuple[str, str, set[str]]]:
    """Return (lang, query, accepted kind:slug answers) for every line of the file."""
    return [(lang, query, answers) for lang, query, answers, _category in load_labelled(path)]


def load_labelled(path: Path) -> list[tuple[str, str, set[str], str]]:
    """Return (lang, query, accepted answers, category) for every line of the file."""
    cases, category = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# category:"):
            category = line.split(":", 1)[1].strip()
        elif line.strip() and not line.startswith("#"):
            lang, query, answers = line.split("\t")
            cases.append((lang, query, {a.strip() for a in answers.split(",")}, category))
    return cases


def score(cases, ui_lang: str | None = None) -> Scores:
    """Return hit@1 and hit@3 per query language, and the queries whose first hit was wrong."""
    return _score([(lang, lang, query, answers) for lang, query, answers in cases], ui_lang)


def score_by_category(path: Path) -> Scores:
    """Return hit@1, hit@3 and zero-result counts per `# category:` of a labelled file."""
    return _score([(c, lang, q, answers) for lang, q, answers, c in load_labelled(path)], None)


def _score(rows, ui_lang: str | None) -> Scores:
    """Score (group, lang, query, accepted answers) rows, per group."""
    first, top3, zero, totals = (defaultdict(int) for _ in range(4))
    scores = Scores()
    for group, lang, query, accepted in rows:
        results = faq_search(query=query, lang=ui_lang or lang, limit=3, record=False)
        ranked = [f"{hit.kind}:{hit.slug}" for hit in results.hits]
        totals[group] += 1
        first[group] += bool(ranked[:1] and ranked[0] in accepted)
        top3[group] += bool(accepted & set(ranked))
        zero[group] += not ranked
        if not (ranked[:1] and ranked[0] in accepted):
            scores.misses.append(f"{lang} {query!r}: want {sorted(accepted)}, got {ranked}")
    scores.hit_at_1 = {group: first[group] / totals[group] for group in totals}
    scores.hit_at_3 = {group: top3[group] / totals[group] for group in totals}
    scores.zero = {group: zero[group] for group in totals}
    return scores
