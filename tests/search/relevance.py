"""Score the search function against a labelled query file (the idea of ../shared/eval)."""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from search.services import faq_search

RELEVANCE_FILE = Path(__file__).with_name("relevance.tsv")


@dataclass
class Scores:
    hit_at_1: dict[str, float] = field(default_factory=dict)
    hit_at_3: dict[str, float] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def report(self) -> str:
        return f"hit@1 {self.hit_at_1} hit@3 {self.hit_at_3}\n" + "\n".join(self.misses)


def load_cases(path: Path = RELEVANCE_FILE) -> list[tuple[str, str, set[str]]]:
    """Return (lang, query, accepted kind:slug answers) for every line of the file."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, query, answers = line.split("\t")
            cases.append((lang, query, {a.strip() for a in answers.split(",")}))
    return cases


def score(cases, ui_lang: str | None = None) -> Scores:
    """Return hit@1 and hit@3 per query language, and the queries whose first hit was wrong."""
    first, top3, totals = defaultdict(int), defaultdict(int), defaultdict(int)
    scores = Scores()
    for lang, query, accepted in cases:
        results = faq_search(query=query, lang=ui_lang or lang, limit=3, record=False)
        ranked = [f"{hit.kind}:{hit.slug}" for hit in results.hits]
        totals[lang] += 1
        first[lang] += bool(ranked[:1] and ranked[0] in accepted)
        top3[lang] += bool(accepted & set(ranked))
        if not (ranked[:1] and ranked[0] in accepted):
            scores.misses.append(f"{lang} {query!r}: want {sorted(accepted)}, got {ranked}")
    scores.hit_at_1 = {lang: first[lang] / totals[lang] for lang in totals}
    scores.hit_at_3 = {lang: top3[lang] / totals[lang] for lang in totals}
    return scores
