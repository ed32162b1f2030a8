"""Words across the two languages: CC-CEDICT's English glosses of Chinese words.

Every entry is written in Chinese and in English, so a customer's word that one language's
text lacks may still find the entry through its translation in the other: 邮箱 (mailbox,
email) finds the e-mail channel, 资深 (senior) the escalation tip, "courteous" 有礼貌. The
dictionary is CC-CEDICT (CC BY-SA 4.0), extracted by `bin/build-lexicons` into
`search/lexicon/cedict.tsv`: each Chinese word of two characters or more with its first
short English glosses, most common sense first (docs/lexical-resources.md).

Seventy thousand words would cost a web worker ~15 MB held as Python objects, so they are
looked up in an SQLite copy of the file instead, made once per machine under var/ on first
use and read by every process; a query needs a few look-ups (~20 us each, then cached).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from search.analysis import is_chinese

TABLE = Path(__file__).with_name("lexicon") / "cedict.tsv"
# An English word leads to the Chinese words whose first glosses it is (not those that
# merely mention it further down), at most this many.
REVERSE_GLOSSES = 2
MAX_REVERSE = 6


class Dictionary:
    """CC-CEDICT's glosses, both ways, read from an SQLite copy of the table."""

    def __init__(self, table: Path = TABLE, folder: Path | None = None):
        self.table = table
        self.folder = folder or Path(settings.VAR_DIR) / "lexicon"
        self._local = threading.local()
        self._path: Path | None = None
        self._lock = threading.Lock()

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one dictionary per process)
    def english(self, word: str) -> tuple[str, ...]:
        """Return a Chinese word's English glosses ("log in", "enter"), most common first."""
        if not is_chinese(word):
            return ()
        row = (
            self._connection()
            .execute("SELECT glosses FROM glosses WHERE word = ?", (word,))
            .fetchone()
        )
        return tuple(row[0].split("|")) if row else ()

    @functools.lru_cache(maxsize=4096)  # noqa: B019
    def chinese(self, word: str) -> tuple[str, ...]:
        """Return the Chinese words whose first glosses are this English word, shortest
        first (有礼貌 for "courteous")."""
        rows = self._connection().execute(
            "SELECT word FROM reverse WHERE gloss = ? ORDER BY length(word), word LIMIT ?",
            (word.lower(), MAX_REVERSE),
        )
        return tuple(row[0] for row in rows)

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            uri = f"file:{self._database()}?mode=ro"
            connection = self._local.connection = sqlite3.connect(uri, uri=True)
        return connection

    def _database(self) -> Path:
        """Return the SQLite copy of the table, made first if this machine has none."""
        with self._lock:
            if self._path is None:
                digest = hashlib.sha256(self.table.read_bytes()).hexdigest()[:16]
                path = self.folder / f"cedict-{digest}.sqlite3"
                if not path.exists():
                    _write_database(self.table, path)
                self._path = path
            return self._path


def _write_database(table: Path, path: Path) -> None:
    """Write the table into a new SQLite file and move it into place (atomic: processes
    making it at the same time each write their own and one wins)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        with sqlite3.connect(temporary) as database:
            database.executescript(
                "CREATE TABLE glosses (word TEXT PRIMARY KEY, glosses TEXT) WITHOUT ROWID;"
                "CREATE TABLE reverse (gloss TEXT, word TEXT);"
            )
            rows = [line.rstrip("\n").split("\t") for line in table.open(encoding="utf-8")]
            database.executemany("INSERT INTO glosses VALUES (?, ?)", rows)
            database.executemany(
                "INSERT INTO reverse VALUES (?, ?)",
                (
                    (gloss, word)
                    for word, glosses in rows
                    for gloss in glosses.split("|")[:REVERSE_GLOSSES]
                    if " " not in gloss
                ),
            )
            database.execute("CREATE INDEX reverse_gloss ON reverse (gloss)")
        database.close()
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@functools.cache
def dictionary() -> Dictionary:
    """Return the process's dictionary (immutable; look-ups are thread-safe)."""
    return Dictionary()
