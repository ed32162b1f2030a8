"""Compare the index with the database: what is missing, extra or stale, and repair it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from haystack import connections
from haystack.utils import get_identifier
from whoosh import index as whoosh_index

from search import indexing
from search.documents import fingerprint


@dataclass
class Drift:
    """Entries whose index documents disagree with the database, by haystack id."""

    missing: list[str] = field(default_factory=list)  # published, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not published
    stale: dict[str, list[str]] = field(default_factory=dict)  # id -> languages that differ
    duplicated: list[str] = field(default_factory=list)  # more than one document
    pending: int = 0  # changes in the log the index has not applied yet
    indexed: int = 0
    published: int = 0

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.stale or self.duplicated)

    def keys(self) -> list[tuple[str, int]]:
        """Return the ("app.model", pk) of every entry that needs writing again."""
        ids = [*self.missing, *self.extra, *self.stale, *self.duplicated]
        return [(label, int(pk)) for label, pk in (i.rsplit(".", 1) for i in ids)]


def expected_fingerprints(models=None) -> dict[str, str]:
    """Return what the index should hold: every published entry's id and fingerprint
    (of the given models, by default every indexed one)."""
    unified = connections["default"].get_unified_index()
    expected = {}
    for model in models or unified.get_indexed_models():
        for entry in unified.get_index(model).index_queryset().iterator(chunk_size=1000):
            expected[get_identifier(entry)] = fingerprint(entry)
    return expected


def indexed_documents() -> list[tuple[str, str]]:
    """Return what the live index holds: each document's id and fingerprint."""
    path = str(indexing.live_path())
    if not whoosh_index.exists_in(path):
        return []
    with whoosh_index.open_dir(path).searcher() as searcher:
        return [(doc["id"], doc.get("fingerprint", "")) for doc in searcher.all_stored_fields()]


def indexed_fingerprints() -> dict[str, str]:
    return dict(indexed_documents())


def compare() -> Drift:
    """Return how the live index differs from the published entries in the database."""
    position = indexing.read_position()
    documents = indexed_documents()
    indexed = dict(documents)
    expected = expected_fingerprints()
    drift = Drift(
        pending=max(0, indexing.log_head() - position),
        indexed=len(documents),
        published=len(expected),
    )
    drift.duplicated = sorted(i for i, n in Counter(i for i, _ in documents).items() if n > 1)
    drift.missing = sorted(expected.keys() - indexed.keys())
    drift.extra = sorted(indexed.keys() - expected.keys())
    for identifier in sorted(expected.keys() & indexed.keys()):
        have, want = indexed[identifier], expected[identifier]
        if have != want:
            drift.stale[identifier] = _languages_differing(have, want)
    return drift


def _languages_differing(indexed: str, expected: str) -> list[str]:
    def by_language(value: str) -> dict[str, str]:
        return dict(part.split(":", 1) for part in value.split() if ":" in part)

    have, want = by_language(indexed), by_language(expected)
    return sorted(lang for lang in want if have.get(lang) != want[lang]) or sorted(want)


def repair(drift: Drift) -> None:
    """Write every drifting entry again from the database, under the writer lock."""
    with indexing.writer_lock():
        indexing.write_entries(indexing.live_path().resolve(), drift.keys())
