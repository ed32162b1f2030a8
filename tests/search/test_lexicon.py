"""The compiled lexicon tables are what the TSV files, the thesaurus's filters and pypinyin
give today (bin/build-lexicons --tables writes them again)."""

import importlib.machinery
import importlib.util
import sqlite3
import threading
from pathlib import Path

import pytest

from search import lexicon
from search.lexicon import TABLES

ROOT = Path(__file__).resolve().parents[2]


def build_script():
    loader = importlib.machinery.SourceFileLoader(
        "build_lexicons", str(ROOT / "bin" / "build-lexicons")
    )
    spec = importlib.util.spec_from_loader("build_lexicons", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def expected():
    return build_script().tables()


@pytest.mark.parametrize(
    "table",
    [
        "classes",
        "targets",
        "english_words",
        "english_stems",
        "english_forms",
        "characters",
        "phrases",
        "meta",
        "cedict",
        "cedict_reverse",
    ],
)
def test_the_tables_are_those_of_today(expected, table):
    """Fails when a filter, a stop word or a reading changed: run bin/build-lexicons --tables."""
    with sqlite3.connect(f"file:{TABLES}?mode=ro", uri=True) as database:
        order = "id" if table == "classes" else "1"
        stored = database.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
    assert stored == (expected[table] if table == "classes" else sorted(expected[table]))


def test_each_thread_reads_with_its_own_connection():
    found = []
    thread = threading.Thread(target=lambda: found.append(lexicon.connection()))
    thread.start()
    thread.join()
    assert found[0] is not lexicon.connection()
    assert lexicon.value("characters", "还") == "hai huan"
    assert "refund" in lexicon.StoredSet("english_words")
    assert "xyzzyq" not in lexicon.StoredSet("english_words")
