"""The benchmark's query mix: labelled queries plus queries from the generated vocabulary,
drawn Zipf-distributed as real help-center traffic is (a few queries asked very often)."""

from __future__ import annotations

import random
from pathlib import Path

from faq.corpus import PROBLEMS, PRODUCTS, TOPIC_SENTENCES

ROOT = Path(__file__).resolve().parent.parent
LABELLED = [ROOT / "tests" / "search" / "relevance.tsv"]
ZIPF_EXPONENT = 1.1


def labelled_queries() -> list[tuple[str, str]]:
    """Return (lang, query) from the labelled query files."""
    pairs = []
    for path in LABELLED:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                lang, query, _answers = line.split("\t")
                pairs.append((lang, query))
    return pairs


def generated_queries(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Return queries a customer might type about the generated entries, in both languages."""
    sentences = [pair for pairs in TOPIC_SENTENCES.values() for pair in pairs]
    queries = []
    for _ in range(count):
        product, problem = rng.choice(PRODUCTS), rng.choice(PROBLEMS)
        zh_words, en_words = rng.choice(sentences)
        queries += [
            ("zh-hans", f"{product[0]}{problem[0][:4]}"),
            ("en", f"{product[1]} {' '.join(problem[1].split()[:3])}"),
            ("en", " ".join(en_words.lower().strip(".").split()[1:4])),
            ("zh-hans", zh_words[2:8]),
        ]
    return queries


def query_mix(samples: int, seed: int = 7) -> list[tuple[str, str]]:
    """Return `samples` (lang, query) draws, Zipf-distributed over the distinct queries."""
    rng = random.Random(seed)
    distinct = list(dict.fromkeys(labelled_queries() + generated_queries(rng, 60)))
    rng.shuffle(distinct)
    weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(distinct) + 1)]
    return rng.choices(distinct, weights, k=samples)


def prefix_mix(samples: int, seed: int = 7) -> list[tuple[str, str]]:
    """Return autocomplete prefixes: the first one to four characters of the query mix."""
    rng = random.Random(seed)
    return [(lang, query[: rng.randint(1, 4)]) for lang, query in query_mix(samples, seed)]
