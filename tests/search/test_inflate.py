"""Posting blocks are inflated exactly as zlib inflates them, without letting another
thread take the interpreter lock meanwhile."""

import io
import pickle
import sys
import threading
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import query as wq

from search.inflate import BUFFER_SIZE, inflate
from search.scoring import (
    _BlockUnpickler,
    bm25_norms,
    phrase_score_map,
    read_block,
    term_score_map,
)
from search.snapshot import current_snapshot


@given(st.binary(max_size=3 * BUFFER_SIZE), st.integers(min_value=0, max_value=9))
def test_inflate_gives_what_zlib_gives(data, level):
    compressed = zlib.compress(data, level)
    assert inflate(compressed) == zlib.decompress(compressed)
    assert inflate(memoryview(compressed)) == data


def test_data_zlib_rejects_raises_zlibs_error():
    with pytest.raises(zlib.error):
        inflate(b"not zlib")
    with pytest.raises(zlib.error):
        inflate(zlib.compress(b"cut short" * 100)[:-5])


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["refund", "客服", "礼品卡", "packag"])
def test_a_block_reads_as_whooshs_own_reading(search_index, term):
    """read_block loads each block as the pinned Whoosh's W3LeafMatcher._read_data does."""
    reader = current_snapshot().index.searcher.reader()
    ours, whooshs = reader.postings("text", term), reader.postings("text", term)
    assert type(ours).__name__ == "W3LeafMatcher"
    blocks = 0
    while whooshs.is_active():
        read_block(ours)
        whooshs._read_data()
        assert ours._data == whooshs._data
        ours._next_block(), whooshs._next_block()
        blocks += 1
    assert blocks and not ours.is_active()


def other_thread_ran_during(calls) -> bool:
    """Return whether a thread spinning in Python ran during one of these calls (stopping
    at the first). Told to go as they start, it waits for the interpreter lock, which it
    gets only if a call lets go of it: the switch interval, raised here, is far longer."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(5.0)  # generous: a busy machine may stall this thread a while
    spins, go, stop = [0], threading.Event(), threading.Event()

    def spin() -> None:
        go.wait()
        while not stop.is_set():
            spins[0] += 1

    spinner = threading.Thread(target=spin)
    try:
        spinner.start()
        go.set()
        for call in calls:
            call()
            if spins[0]:
                return True
        return False
    finally:
        stop.set()
        spinner.join()
        sys.setswitchinterval(previous)


def test_while_a_block_inflates_no_other_thread_runs():
    compressed = zlib.compress(bytes(range(256)) * (BUFFER_SIZE // 256))
    assert not other_thread_ran_during([lambda: inflate(compressed)] * 200)


@pytest.mark.django_db
def test_the_scorer_inflates_every_block_it_reads_itself(search_index, monkeypatch):
    """Term and phrase maps read their blocks through `inflate`, never through Whoosh's
    zlib.decompress, which lets go of the lock."""
    from whoosh.codec import whoosh3

    from search import scoring

    index = current_snapshot().index
    searcher, lengths = index.searcher, index.field_lengths("text")
    inflated = []
    monkeypatch.setattr(scoring, "inflate", lambda data: inflated.append(1) or inflate(data))
    monkeypatch.setattr(whoosh3, "zlib", None)  # Whoosh's own reading would fail
    terms = [wq.Term("text", term) for term in ("refund", "order", "客服", "packag")]
    phrases = [
        wq.Phrase("text", words)
        for words in (["gift", "card"], ["order", "number"], ["联系", "客服"])
    ]
    assert all([term_score_map(searcher, query, bm25_norms(lengths)) for query in terms])
    assert all([phrase_score_map(searcher, phrase, lengths) for phrase in phrases])
    assert inflated


@given(st.lists(st.binary(max_size=40), max_size=20), st.lists(st.integers(0, 10**6)))
def test_block_values_unpickle_as_pickles_own_loads(values, numbers):
    """Protocol 2 writes bytes as _codecs.encode(text, "latin1") calls; str.encode gives them."""
    pickled = pickle.dumps((tuple(numbers), 1.5, tuple(values)), 2)
    assert b"_codecs" in pickled or not any(values)
    read = _BlockUnpickler(io.BufferedReader(io.BytesIO(pickled))).load()
    assert read == pickle.loads(pickled)
