"""The lexical resources as compiled tables, read on demand (docs/lexical-resources.md).

`bin/build-lexicons` extracts Cilin and WordNet into `cilin.tsv` and `wordnet.tsv` (the
readable record) and compiles them, with pypinyin's readings, into `tables.sqlite3`: the
usable synonym classes with their members already parsed, for each index word the classes
it may lead to, WordNet's single-word lemmas and their stems, each character's toneless
readings, and the few phrase readings the characters do not give. A search looks up only
the words it meets: nothing is parsed at start-up and nothing large stays in memory
(parsing the TSV files and importing pypinyin held ~125 MB per process and took seconds).

The file is opened read-only, one connection per thread and process (a forked worker
never uses its parent's). tests/search/test_lexicon.py fails when the tables differ from
what the TSV files, the thesaurus's filters and pypinyin give today: run the script again.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

TABLES = Path(__file__).with_name("tables.sqlite3")

_local = threading.local()


def connection() -> sqlite3.Connection:
    """Return this thread's read-only connection to the tables."""
    found = getattr(_local, "connection", None)
    if found is None or _local.pid != os.getpid():
        found = sqlite3.connect(f"file:{TABLES}?mode=ro&immutable=1", uri=True)
        _local.connection, _local.pid = found, os.getpid()
    return found


def lookup(sql: str, *parameters) -> list[tuple]:
    return connection().execute(sql, parameters).fetchall()


def classes_of(words: Iterable[str]) -> list[int]:
    """Return the classes (ids, ascending) in which any of these index words is a target."""
    rows = lookup(
        "SELECT classes FROM targets WHERE word IN (SELECT value FROM json_each(?))",
        json.dumps(list(words), ensure_ascii=False),
    )
    return sorted({int(i) for (ids,) in rows for i in ids.split()})


def classes(ids: list[int]) -> list[tuple[str, str, str]]:
    """Return (source, code, members as stored) of these classes, in the order of `ids`."""
    rows = lookup(
        "SELECT id, source, code, members FROM classes WHERE id IN "
        "(SELECT value FROM json_each(?))",
        json.dumps(ids),
    )
    by_id = {row[0]: row[1:] for row in rows}
    return [by_id[i] for i in ids]


def classes_coded(source: str, prefixes: Iterable[str]) -> list[tuple[str, str, str]]:
    """Return (source, code, members as stored) of a source's classes whose code starts with
    one of these prefixes (all of the same length), in table order."""
    prefixes = sorted(set(prefixes))
    if not prefixes:
        return []
    return lookup(
        "SELECT source, code, members FROM classes WHERE source = ? "
        "AND substr(code, 1, ?) IN (SELECT value FROM json_each(?)) ORDER BY id",
        source,
        len(prefixes[0]),
        json.dumps(prefixes),
    )


def every_class() -> list[tuple[str, str, str]]:
    """Return every class (for tests and the build script)."""
    return [row for row in lookup("SELECT source, code, members FROM classes ORDER BY id")]


def contains(table: str, key: str) -> bool:
    """Return whether a one-column table (english_words, english_stems) holds a key."""
    return bool(lookup(f"SELECT 1 FROM {table} WHERE key = ?", key))


def value(table: str, key: str) -> str | None:
    """Return the value of a key in a two-column table (characters, phrases, meta)."""
    rows = lookup(f"SELECT value FROM {table} WHERE key = ?", key)
    return rows[0][0] if rows else None


def values(table: str, keys: Iterable[str]) -> dict[str, str]:
    """Return the values of those of these keys a two-column table holds, in one query."""
    rows = lookup(
        f"SELECT key, value FROM {table} WHERE key IN (SELECT value FROM json_each(?))",
        json.dumps(list(keys), ensure_ascii=False),
    )
    return dict(rows)


class StoredSet:
    """A set of strings kept in a table, asked one member at a time."""

    def __init__(self, table: str):
        self.table = table

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and contains(self.table, key)

    def among(self, keys: Iterable[str]) -> set[str]:
        """Return which of these keys the table holds, in one query."""
        rows = lookup(
            f"SELECT key FROM {self.table} WHERE key IN (SELECT value FROM json_each(?))",
            json.dumps(list(keys), ensure_ascii=False),
        )
        return {key for (key,) in rows}
