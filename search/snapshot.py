"""What a search reads: one snapshot of the index and of the editors' data.

Like Lucene's IndexSearcher over a point-in-time reader, a `SearchSnapshot` holds one
generation of the index (the searcher and everything derived from it: documents by kind,
field lengths, score maps, loaded entries, autocomplete titles) and one version of the
editors' data (synonym sets, best bets), and the results computed from both. Caches live
on the snapshot, so none can outlive what it was computed from, and every thread of a
process shares it. When the index or the editors' data changes, the next search builds
the next snapshot and swaps it in; searches already running finish on the old one.

Whoosh's readers are not thread-safe (a posting list is read by seeking its file, then
reading), so each thread reads the snapshot's generation through a searcher of its own
(`IndexView.thread_searcher`), over the same memory map: threads never queue on the index.
What is computed once per view (field lengths, documents by kind, score maps, loaded
entries) is shared, each under a lock of its own held only to read or store it.
"""

from __future__ import annotations

import itertools
import mmap
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.reading import MultiReader, SegmentReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from faq.kinds import kinds
from search import bridge, changelog, indexing, questions
from search.analysis import CHINESE_STOP_WORDS, analyze, is_chinese, normalize_query
from search.cache import ResultCache
from search.config import BM25_B, BM25_K1, CONTENT_TYPES, LANGUAGES, SEARCH_FIELD, mechanism_on
from search.models import BestBet, IndexChange, best_bet_query, content_versions
from search.pinyin import PinyinReader, homophone_order
from search.query import Lexicon
from search.questions import ENGLISH_FILLER
from search.scoring import FieldLengths, ScoreCache
from search.spelling import SPELLING_FIELD, Speller, Vocabulary
from search.synonyms import SynonymTable, load_table
from search.thesaurus import Thesaurus, build_thesaurus, english_lexicon

# The words of two characters or more the query parser knows that the index may never hold
# (stop words, filler, failure words): a pinyin reader knows them too, so "nazhong", "yizhi"
# and "shibai" are read as 哪种, 一直 and 失败, not as a word that sounds alike through a rare
# reading (内中) or with a syllable dropped (以, 只是). Not single characters: through their
# rare readings they would take syllables a content word needs ("kuai" read as 会, "jie" as
# 她); a lone "de" or "ma" is dropped as before.
PARSER_WORDS = sorted(w for w in CHINESE_STOP_WORDS | questions.chinese_words() if len(w) > 1)

# Loaded entries kept per index view; past this, the view forgets them all and reloads.
MAX_CACHED_ENTRIES = 5000

_numbers = itertools.count(1)


@dataclass(frozen=True)
class Versions:
    """What a search is told about the database, read in one query."""

    editors: tuple  # changes whenever an editor changes a synonym set or a best bet
    log_head: int  # the newest change in the index change log


def read_versions() -> Versions:
    editors, log_head = content_versions()
    return Versions(editors, log_head)


def _weighting() -> BM25F:
    return BM25F(B=BM25_B, K1=BM25_K1)


class IndexView:
    """One generation of one build of the index, and what is derived from it."""

    def __init__(self, build: Path):
        self.build = build
        self._storage = MappedStorage(str(build), readonly=True)
        # The opening thread's searcher; it alone knows whether a newer generation exists.
        self.searcher = self._storage.open_index().searcher(weighting=_weighting())
        reader = self.searcher.reader()
        # The change-log position of this very generation: a writer may commit meanwhile.
        self.position = indexing.read_position(build, reader.generation())
        # Looking terms up reads the map at given offsets, never a file position: shared.
        self.vocabulary = Vocabulary(reader)
        self.document_count = reader.doc_count()
        self._threads = threading.local()
        self._threads.searcher = self.searcher
        self.scores = ScoreCache(self.thread_searcher, self.field_lengths)
        self._lock = threading.Lock()
        self._derived: dict[str, Any] = {}
        self._computing: dict[str, threading.Lock] = {}
        self._entries: dict[tuple[str, int], object] = {}
        self._identities: dict[int, tuple[str, int]] = {}
        # What the lexicon of a snapshot of this view built (the next view may carry it).
        self.lexicon_parts: LexiconParts | None = None
        # A stamp of the live build taken when it was last found to be this view (see
        # BuildStamp): while the live path's stamp equals it, this view is still current.
        self.settled: BuildStamp | None = None

    def is_current(self, build: Path | None) -> bool:
        """Return whether this is the live build's newest generation."""
        return build == self.build and self.searcher.up_to_date()

    def thread_searcher(self) -> Searcher:
        """Return the calling thread's searcher over this view's generation.

        Whoosh's readers seek the files they read (one searcher per thread, its
        documentation says), so every thread opens the generation's segments for itself,
        through windows of its own on the map the view opened: no copy, no file opened
        again (a merge may have deleted the segment files since), no lock.
        """
        searcher = getattr(self._threads, "searcher", None)
        if searcher is None:
            searcher = self._threads.searcher = self._open_searcher()
        return searcher

    def _open_searcher(self) -> Searcher:
        main = self.searcher.reader()
        leaves = [
            SegmentReader(self._storage, main.schema, leaf.segment(), leaf.generation())
            for leaf in segment_readers(main)
        ]
        if not leaves:  # an index without documents reads nothing
            return Searcher(main, weighting=_weighting())
        reader = leaves[0] if len(leaves) == 1 else MultiReader(leaves, main.generation())
        return Searcher(reader, weighting=_weighting())

    def derived(self, name: str, compute: Callable[[], Any]) -> Any:
        """Return a value computed once from this view (by `compute`, by one thread while
        any other asking for it waits)."""
        found = self._derived.get(name)
        if found is not None:
            return found
        with self._lock:
            computing = self._computing.setdefault(name, threading.Lock())
        with computing:
            if name not in self._derived:
                self._derived[name] = compute()
            return self._derived[name]

    def field_lengths(self, field_name: str) -> FieldLengths:
        compute = lambda: lengths_by_segment(self, field_name)  # noqa: E731
        return self.derived(f"lengths:{field_name}", compute)

    def kind_documents(self) -> dict[str, frozenset[int]]:
        """Return each kind's document numbers."""
        return self.derived("kinds", self._kind_documents)

    def document_kinds(self) -> list[str | None]:
        """Return each document number's kind (None for a deleted document): counting a
        result set's kinds through it walks the results once, where intersecting each
        kind's set with them walked every kind's documents (~0.25 ms a search at 10,000)."""
        return self.derived("kind of each document", self._document_kinds)

    def _document_kinds(self) -> list[str | None]:
        kinds: list[str | None] = [None] * self.searcher.reader().doc_count_all()
        for kind, docnums in self.kind_documents().items():
            for docnum in docnums:
                kinds[docnum] = kind
        return kinds

    def _kind_documents(self) -> dict[str, frozenset[int]]:
        searcher = self.thread_searcher()
        return {
            kind: frozenset(searcher.docs_for_query(wq.Term("django_ct", content_type)))
            for kind, content_type in CONTENT_TYPES.items()
        }

    def identity(self, docnum: int) -> tuple[str, int]:
        """Return the (content type, pk) of an indexed document, read from the index once
        per view (a generation's stored fields never change; each read inflates and
        unpickles them, and every hit of every search asks)."""
        found = self._identities.get(docnum)
        if found is None:
            stored = self.thread_searcher().stored_fields(docnum)
            found = sys.intern(stored["django_ct"]), int(stored["django_id"])
            self._identities[docnum] = found
        return found

    def words(self) -> tuple[dict[str, int], dict[str, int]]:
        """Return the index's Chinese terms and English words (as written), each with how
        many entries hold it."""
        reader = self.searcher.reader()
        chinese = {}
        for term in reader.lexicon(SEARCH_FIELD):
            word = term.decode("utf-8")
            if is_chinese(word):
                chinese[word] = reader.doc_frequency(SEARCH_FIELD, word)
        return chinese, self.vocabulary.english_words()

    def document_number(self, content_type: str, pk: int) -> int | None:
        return self.thread_searcher().document_number(id=f"{content_type}.{pk}")

    def entries(
        self, keys: list[tuple[str, int]], load: Callable[[list[tuple[str, int]]], dict]
    ) -> dict[tuple[str, int], object]:
        """Return the entries of these keys, loading (with `load`) those not seen yet.

        Every edit of an entry, its steps, notes or recommended channels re-indexes it,
        and so makes a new view: an entry kept here is never stale.
        """
        with self._lock:
            wanted = [key for key in keys if key not in self._entries]
        loaded = load(wanted) if wanted else {}
        with self._lock:
            if len(self._entries) + len(loaded) > MAX_CACHED_ENTRIES:
                self._entries.clear()
            self._entries.update(loaded)
            known = {**self._entries, **loaded}
        return {key: known[key] for key in keys if key in known}


class MappedStorage(FileStorage):
    """An index directory whose compound segment files are read through memory maps
    without copying them.

    Whoosh 2.7.4 maps a segment file and then hands each file inside it to its readers as
    a BufferFile, whose BytesIO copies the whole file (at 10,000 entries the postings:
    36 MB in every worker, besides the mapped pages that copying read). Here each inner
    file is a window on the map, read in place; without a map (supports_mmap=False) Whoosh
    would read through Python file objects: 20 to 50 % higher mean latency, measured.
    Relies on Whoosh's CompoundStorage calling `subset` on the segment file it is given
    when it does not map it itself (tests/search/test_snapshot.py checks that it does).
    """

    supports_mmap = False  # CompoundStorage must not map (and copy): MappedFile does

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._maps: dict[str, mmap.mmap] = {}  # each segment file mapped once, shared
        self._maps_lock = threading.Lock()

    def open_file(self, name, **kwargs):
        if not name.endswith(".seg"):
            return super().open_file(name, **kwargs)
        with self._maps_lock:
            whole = self._maps.get(name)
            if whole is None:
                with open(self._fpath(name), "rb") as file:
                    if not os.fstat(file.fileno()).st_size:
                        return super().open_file(name, **kwargs)
                    whole = self._maps[name] = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        return MappedFile(whole, 0, len(whole), name)


class MappedFile(BufferFile):
    """A part of a memory-mapped file, read in place: random reads slice the map,
    sequential reads keep their own position in it (`_Window`)."""

    def __init__(self, whole: mmap.mmap, start: int, length: int, name: str | None = None):
        self._whole, self._start, self._length = whole, start, length
        self._buf = memoryview(whole)[start : start + length]
        self._name, self.onclose = name, None
        self.is_real = self.is_closed = False
        self.file = _Window(whole, start, length)

    def subset(self, position: int, length: int, name: str | None = None) -> MappedFile:
        return MappedFile(self._whole, self._start + position, length, name or self._name)

    def close(self) -> None:
        self.is_closed = True


class _Window:
    """A map's bytes start..start+length as a file with its own position (several parts
    of one map are read at once): seek and tell count from start."""

    def __init__(self, mapped: mmap.mmap, start: int, length: int):
        self._map, self._start, self._end = mapped, start, start + length
        self._position = start

    def read(self, size: int = -1) -> bytes:
        end = self._end if size is None or size < 0 else min(self._end, self._position + size)
        found = self._map[self._position : end]
        self._position = max(self._position, end)
        return found

    def readline(self, size: int = -1) -> bytes:
        newline = self._map.find(b"\n", self._position, self._end)
        length = (self._end if newline < 0 else newline + 1) - self._position
        return self.read(length if size is None or size < 0 else min(size, length))

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (self._start, self._position, self._end)[whence]
        self._position = base + offset
        return self._position - self._start

    def tell(self) -> int:
        return self._position - self._start

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class EditorView:
    """One version of the editors' synonym sets and best bets."""

    version: tuple
    synonyms: SynonymTable
    best_bets: dict[str, list[tuple[str, int]]]  # query -> pinned (content type, pk)

    @classmethod
    def load(cls, version: tuple) -> EditorView:
        return cls(version, load_table(), _load_best_bets())


def _load_lexicon(
    index: IndexView | None, editors: EditorView, inherited: LexiconParts | None = None
) -> Lexicon:
    """Return the parser's lexicon; its speller, thesaurus and pinyin reader are made on
    first use, from the index's words, the editors' sets and the thesaurus, or carried
    over from what an earlier snapshot built when their inputs are the same (`inherited`,
    see the carried_* functions below)."""
    if index is None:
        return Lexicon(synonyms=editors.synonyms)
    built = index.lexicon_parts = LexiconParts(editors.version)
    if inherited is not None and inherited.editors != editors.version:
        inherited = None

    def words() -> tuple[dict[str, int], dict[str, int]]:
        built.words = index.derived("words", lambda: words_by_segment(index))
        return built.words

    def thesaurus(_lexicon: Lexicon) -> Thesaurus:
        # It leads to the words search knows: the index's and the editors' sets'.
        chinese, english = words()
        synonyms = editors.synonyms
        made = carried_thesaurus(inherited, chinese, english) or build_thesaurus(
            [*chinese, *synonyms.words()], [*english, *synonyms.written]
        )
        built.thesaurus = ((chinese, english), made)
        return made

    def speller(lexicon: Lexicon) -> Speller:
        known = [*editors.synonyms.words(), *lexicon.thesaurus.english_keys()]
        if mechanism_on("editors_spelling"):  # "monney back" is money back, not monkey back
            known += sorted(editors.synonyms.written | editors.synonyms.phrase_written)
        if mechanism_on("filler_spelling"):  # "somehting" is something: filler, no topic
            known += sorted(ENGLISH_FILLER)
        built.speller = carried_speller(inherited, words()[1], known) or Speller.build(
            words()[1], known, english_lexicon()
        )
        return built.speller

    def pinyin(lexicon: Lexicon) -> PinyinReader:
        (chinese, english), editor_words = words(), editors.synonyms.words()
        known = (*chinese, *lexicon.thesaurus.chinese_keys(), *editor_words, *PARSER_WORDS)
        weights = {word: chinese.get(word, 0) for word in known if is_chinese(word)}
        is_english_word = lambda word: word in english or word in editor_words  # noqa: E731
        reader = carried_pinyin(inherited, weights, is_english_word)
        if reader is None:
            reader = PinyinReader(weights, is_english_word=is_english_word)
        built.pinyin = (weights, reader)
        return reader

    def kind_names(_lexicon: Lexicon) -> dict[tuple[str, ...], str]:
        return index.derived("kind names", lambda: unused_kind_names(index))

    return Lexicon(
        editors.synonyms, index.vocabulary, speller, thesaurus, pinyin, bridge, kind_names
    )


def unused_kind_names(index: IndexView) -> dict[tuple[str, ...], str]:
    """Return each kind's label in every site language as the query reads it ("tip"; 小,
    技巧), with the kind's content type, where no entry's text holds it: a customer who
    types it means the kind (named_kinds). A label the text uses ("Problem", 联系方式)
    is searched as the words it is."""
    found = {}
    for kind in kinds():
        for language in LANGUAGES:
            with translation.override(language):
                label = normalize_query(str(kind.label))
            terms = tuple(t.text for t in analyze(label, expand=False, keep_stop_words=True))
            query = wq.Phrase(SEARCH_FIELD, list(terms)) if len(terms) > 1 else None
            if terms and not index.scores.scores(query or wq.Term(SEARCH_FIELD, terms[0])):
                found[terms] = kind.content_type
    return found


def _load_best_bets() -> dict[str, list[tuple[str, int]]]:
    by_query: dict[str, list[tuple[str, int]]] = {}
    for bet in BestBet.objects.select_related("content_type"):
        key = bet.entry_key
        pinned = by_query.setdefault(best_bet_query(bet.query), [])
        if key not in pinned:
            pinned.append(key)
    return by_query


@dataclass(eq=False)
class SearchSnapshot:
    """Everything one search reads; `index` is None while no index has been built."""

    index: IndexView | None
    editors: EditorView
    number: int = field(default_factory=lambda: next(_numbers))
    results: ResultCache = field(
        default_factory=lambda: ResultCache(settings.SEARCH_RESULT_CACHE_SIZE)
    )
    # What earlier snapshots' lexicons built, for this one to carry over (see carry_over).
    inherited: LexiconParts | None = field(default=None, repr=False)
    _lexicon: Lexicon | None = field(default=None, repr=False)
    _lexicon_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def lexicon(self) -> Lexicon:
        """Return what the query parser knows: the editors' synonyms, and the index's words
        with the spellings, thesaurus entries and pinyin readings that lead to them."""
        with self._lexicon_lock:
            if self._lexicon is None:
                self._lexicon = _load_lexicon(self.index, self.editors, self.inherited)
            return self._lexicon

    def knows_word(self, word: str) -> bool:
        """Return whether a search for this (analysed) word finds something: a word of the
        index, of the editors' synonym sets, or a thesaurus word that leads to the index."""
        if self.index is not None and self.index.vocabulary.knows_term(word):
            return True
        if " " not in word and word in self.editors.synonyms.sets_by_key:
            return True  # a single word of the sets (SynonymTable.words, without the copy)
        thesaurus = self.lexicon.thesaurus if self.index is not None else None
        return thesaurus is not None and word in thesaurus.expansions

    @property
    def position(self) -> int:
        """Return the change-log position this snapshot's index has applied."""
        return self.index.position if self.index is not None else 0

    def is_current(self, build: Path | None, editors: tuple) -> bool:
        index_current = self.index.is_current(build) if self.index else build is None
        return index_current and self.editors.version == editors


_current: SearchSnapshot | None = None
_swap = threading.Lock()


def current_snapshot(versions: Versions | None = None) -> SearchSnapshot:
    """Return the process's snapshot of the live index and editors' data, renewed first
    if either changed since it was made."""
    global _current
    editors = (versions or read_versions()).editors
    snapshot = _current
    if (
        snapshot is not None
        and snapshot.editors.version == editors
        and _index_current(snapshot.index)
    ):
        return snapshot
    with _swap:
        # Read again inside the lock: a thread told an older version must not swap it in.
        build, editors = live_build(), read_versions().editors
        snapshot = _current
        if snapshot is None or not snapshot.is_current(build, editors):
            snapshot = _current = _next_snapshot(snapshot, build, editors)
        return snapshot


def _index_current(index: IndexView | None) -> bool:
    """Return whether `index` is the live build's newest generation (None: whether there is
    no build), by one stat when the build has been still since it was last listed."""
    if index is None:
        return live_build() is None
    stamp = BuildStamp.of_live_build()  # before listing: a later commit changes it
    if stamp is not None and stamp.same_as(index.settled):
        return True
    if not index.is_current(live_build()):
        return False
    if stamp is not None and stamp.is_settled():
        index.settled = stamp
    return True


def _next_snapshot(previous: SearchSnapshot | None, build: Path | None, editors: tuple):
    """Return a snapshot for this build and version, reusing what of `previous` still holds."""
    index = previous.index if previous is not None else None
    if index is None or not index.is_current(build):
        index = _open(build)
        if previous is not None and previous.index is not None and index is not None:
            carry_over(previous.index, index)
    same_editors = previous is not None and previous.editors.version == editors
    return SearchSnapshot(
        index,
        previous.editors if same_editors else EditorView.load(editors),
        inherited=inherited_parts(previous),
    )


def _open(build: Path | None) -> IndexView | None:
    """Open a build; a commit that replaced its table of contents meanwhile means again."""
    for _attempt in range(indexing.READ_ATTEMPTS - 1):
        try:
            return IndexView(build) if build is not None else None
        except whoosh_index.EmptyIndexError:  # a directory that holds no index (yet)
            return None
        except FileNotFoundError:
            continue
    return IndexView(build)


# A directory's time is the clock's when something in it was last created, removed or
# renamed, in steps of the kernel's clock tick (a few ms) or of the file system's own (1 or
# 2 s on some): a stamp is trusted only once its directory has been still for this long.
SETTLE_NS = 2_000_000_000


@dataclass(frozen=True)
class BuildStamp:
    """What one `stat` of the live index path says: which build directory it leads to and
    when something in that directory was last created, removed or renamed.

    Every search asks whether its snapshot's index is still the live build's newest
    generation: reading the link, then listing the build's files (Whoosh's up_to_date),
    took 23 µs and let go of the interpreter lock about ten times; one stat takes 3.6 µs
    (docs/performance.md). Whoosh commits a generation by renaming its table of contents
    into the build directory, which changes the directory's time, and a rebuild switches
    the link to another directory. So a view found current (listed) after a stamp was
    taken is still current while the live path's stamp is the same, provided the
    directory's time was already SETTLE_NS old when that stamp was taken: a commit in the
    same clock tick as an earlier change may leave the time as it was. Until then,
    searches list the build as before.
    """

    directory: tuple[int, int, int]  # the build directory's device, inode, st_mtime_ns
    taken: int  # time.time_ns() just before the stat

    @classmethod
    def of_live_build(cls) -> BuildStamp | None:
        taken = time.time_ns()
        try:
            found = os.stat(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
        except OSError:
            return None
        return cls((found.st_dev, found.st_ino, found.st_mtime_ns), taken)

    def is_settled(self) -> bool:
        """Return whether the directory had been still for SETTLE_NS when this was taken."""
        return self.directory[2] < self.taken - SETTLE_NS

    def same_as(self, other: BuildStamp | None) -> bool:
        """Return whether both stamps see the same directory, unchanged."""
        return other is not None and other.directory == self.directory


def live_build() -> Path | None:
    """Return the build the live index path points at, or None if there is none yet.

    Every search asks, so the link is read once (`readlink`, one system call) rather than
    resolved component by component (`realpath`: ~95 of a cached search's ~900 µs).
    """
    path = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    try:
        build = path.parent / os.readlink(path)  # the build a rebuild switched to
    except FileNotFoundError:
        return None
    except OSError:  # not a link: an index from before builds existed
        build = Path(os.path.realpath(path))
    return build if build.is_dir() else None


# ---- Carrying caches over to the next generation of the index (issue 17) ----
#
# Every commit of an edit makes a new generation, and with it a new snapshot. What a
# snapshot computed is carried over to the next one only where it is exactly what the new
# generation would compute afresh:
#
# - loaded entries, from one generation of a build to the next, except those the change
#   log says changed in between (and every issue when a channel changed: an issue's hit
#   shows its recommended channel);
# - the parser's thesaurus, when the index's Chinese terms and English words (the sets)
#   are the same; the speller's words by first letter, when its words are the same (their
#   counts, which order corrections, are always the new generation's); the pinyin
#   reader's readings, when its words are the same, with homophones re-sorted where a
#   word's count changed.
#
# Score maps and cached results are not carried: every commit changes statistics that
# enter every BM25 score (Whoosh counts a replaced document until a merge drops it, so the
# document count and every field's average length move with each edit), the document
# numbers they are keyed by shift when segments merge, and results show their scores.
# Carried, they would differ from a fresh computation; tests/search/test_carry_over.py
# compares the two after bursts of edits.


@dataclass
class LexiconParts:
    """What one generation's lexicon built, each part with the inputs it was built from."""

    editors: tuple
    words: tuple[dict[str, int], dict[str, int]] | None = None
    thesaurus: tuple[tuple[dict[str, int], dict[str, int]], Thesaurus] | None = None
    speller: Speller | None = None  # its own frequencies are its inputs
    pinyin: tuple[dict[str, int], PinyinReader] | None = None  # (weights, reader)


def inherited_parts(previous: SearchSnapshot | None) -> LexiconParts | None:
    """Return, part by part, the newest lexicon part `previous` built or inherited."""
    if previous is None:
        return None
    older = previous.inherited
    built = previous.index.lexicon_parts if previous.index is not None else None
    if older is None or (built is not None and older.editors != built.editors):
        return built
    if built is None:
        return older
    merged = LexiconParts(built.editors)
    for name in ("thesaurus", "speller", "pinyin"):
        setattr(merged, name, getattr(built, name) or getattr(older, name))
    return merged


def carried_thesaurus(
    inherited: LexiconParts | None, chinese: dict[str, int], english: dict[str, int]
) -> Thesaurus | None:
    """Return the inherited thesaurus if it was built from the same Chinese terms and
    English words (it reads which words exist, not how often)."""
    if inherited is None or inherited.thesaurus is None:
        return None
    (old_chinese, old_english), thesaurus = inherited.thesaurus
    if old_chinese.keys() != chinese.keys() or old_english.keys() != english.keys():
        return None
    return thesaurus


def carried_speller(
    inherited: LexiconParts | None, index_words: dict[str, int], known: list[str]
) -> Speller | None:
    """Return a speller over these words, with the inherited one's words by first letter
    when its words are exactly these (Speller.build's frequencies, always fresh)."""
    if inherited is None or inherited.speller is None:
        return None
    previous = inherited.speller
    frequency = {w: 0 for w in known if w.isascii() and w.isalpha()}
    frequency.update(index_words)
    if frequency.keys() != previous.frequency.keys() or previous.lexicon is not english_lexicon():
        return None
    return Speller(frequency, previous.lexicon, previous._by_letter)


def carried_pinyin(
    inherited: LexiconParts | None,
    weights: dict[str, int],
    is_english_word: Callable[[str], bool],
) -> PinyinReader | None:
    """Return a pinyin reader for these weighted words from the inherited one when it read
    the same words: homophones are ordered by weight, so only readings holding a word
    whose weight changed are sorted again, as PinyinReader sorts them."""
    if inherited is None or inherited.pinyin is None:
        return None
    old_weights, previous = inherited.pinyin
    if old_weights.keys() != weights.keys():
        return None
    changed = {word for word, weight in weights.items() if old_weights[word] != weight}
    readings = dict(previous.readings)
    if changed:
        for key, entries in previous.readings.items():
            if any(entry[0] in changed for entry in entries):
                readings[key] = sorted(entries, key=homophone_order(weights))
    reader = object.__new__(PinyinReader)
    reader.__dict__.update(previous.__dict__)
    reader.readings, reader.is_english_word = readings, is_english_word
    return reader


def carry_over(previous: IndexView, index: IndexView) -> None:
    """Give a new generation of a build the loaded entries of the previous one that no
    change in between touched. A new build (a rebuild) starts afresh: what it holds is
    the database as the rebuild read it, not the previous build plus the log."""
    if previous.build != index.build:
        return
    changed = changed_between(previous.position, index.position)
    if changed is None:
        return
    channel_type = CONTENT_TYPES["channel"]
    issue_type = CONTENT_TYPES["issue"]
    drop_issues = any(content_type == channel_type for content_type, _pk in changed)
    with previous._lock:
        kept = {
            key: entry
            for key, entry in previous._entries.items()
            if key not in changed and not (drop_issues and key[0] == issue_type)
        }
    with index._lock:
        index._entries.update(kept)


def changed_between(start: int, end: int) -> set[tuple[str, int]] | None:
    """Return the entries ("app.model", pk) the change log changed after position `start`
    up to `end`; None when the log no longer holds them all (pruned) or went back."""
    if end < start or start < changelog.pruned_through():
        return None
    rows = IndexChange.objects.filter(pk__gt=start, pk__lte=end).values_list("model", "object_pk")
    return {(label, int(pk)) for label, pk in rows}


def segment_readers(reader) -> list:
    """Return the readers of a reader's segments, in order: none for an index that has no
    segment yet (a new site's, before its first entry), which Whoosh reads through an
    EmptyReader, itself a leaf of no segment."""
    return [leaf for leaf, _offset in reader.leaf_readers() if leaf.segment() is not None]


# The index's words, summed over its segments. A commit adds a small segment and merges
# small ones; the large segments, and the words read from them, stay. Whoosh counts a
# term's documents per segment at writing (deletions do not change the count until a
# merge drops the segment), and a reader over several segments adds them up: so the sum
# of each segment's counts, each read once per process, is exactly IndexView.words().
_segment_words: dict[str, tuple[dict[str, int], dict[str, int]]] = {}
_segment_words_lock = threading.Lock()


def words_by_segment(index: IndexView) -> tuple[dict[str, int], dict[str, int]]:
    """Return index.words(), reading only the segments no earlier view of this process read."""
    leaves = segment_readers(index.searcher.reader())
    if not leaves:
        return {}, {}
    with _segment_words_lock:
        known = dict(_segment_words)
    by_segment = {}
    for leaf in leaves:
        segment = leaf.segment().segment_id()
        by_segment[segment] = known.get(segment) or segment_words(leaf)
    with _segment_words_lock:
        _segment_words.clear()  # only the newest view's segments are worth keeping
        _segment_words.update(by_segment)
    if len(by_segment) == 1:
        return next(iter(by_segment.values()))
    chinese: dict[str, int] = {}
    english: dict[str, int] = {}
    for segment_chinese, segment_english in by_segment.values():
        for total, counts in ((chinese, segment_chinese), (english, segment_english)):
            for word, count in counts.items():
                total[word] = total.get(word, 0) + count
    # In the lexicon's order (by the terms' bytes), as the reader over all segments gives.
    field_type = index.searcher.reader().schema[SPELLING_FIELD]
    return (
        dict(sorted(chinese.items(), key=lambda item: item[0].encode("utf-8"))),
        dict(sorted(english.items(), key=lambda item: field_type.to_bytes(item[0]))),
    )


def segment_words(reader) -> tuple[dict[str, int], dict[str, int]]:
    """Return one segment's Chinese terms and English words (as written) with how many of
    its documents hold each, as IndexView.words() and Vocabulary.english_words() read them."""
    chinese = {}
    for term in reader.lexicon(SEARCH_FIELD):
        word = term.decode("utf-8")
        if is_chinese(word):
            chinese[word] = reader.doc_frequency(SEARCH_FIELD, word)
    field_type = reader.schema[SPELLING_FIELD]
    english = {
        field_type.from_bytes(text): reader.doc_frequency(SPELLING_FIELD, text)
        for text in reader.lexicon(SPELLING_FIELD)
    }
    return chinese, english


# Every document's length in a field, by segment. A segment's lengths never change (a
# deletion leaves them, and scoring.field_lengths counts deleted documents too), so each
# segment is read once per process and its lists, joined in the reader's order of
# segments, are exactly scoring.field_lengths(). At 10,000 entries, reading them all was
# 40-64 ms of the 53-83 ms each worker spent renewing its snapshot after a commit (11-12
# ms with this; tests/search/test_edit_bursts.py compares the two).
_segment_lengths: dict[tuple[str, str], list[int]] = {}
_segment_lengths_lock = threading.Lock()


def lengths_by_segment(index: IndexView, field_name: str) -> FieldLengths:
    """Return scoring.field_lengths() of a view, reading only segments new to the process."""
    with _segment_lengths_lock:
        known = dict(_segment_lengths)
    lengths: list[int] = []
    read = {}
    for leaf in segment_readers(index.searcher.reader()):
        key = (leaf.segment().segment_id(), field_name)
        part = known.get(key)
        if part is None:
            part = [leaf.doc_field_length(d, field_name, 0) for d in range(leaf.doc_count_all())]
        read[key] = part
        lengths.extend(part)
    with _segment_lengths_lock:
        for key in [key for key in _segment_lengths if key[1] == field_name]:
            del _segment_lengths[key]  # only the newest view's segments are worth keeping
        _segment_lengths.update(read)
    return lengths, index.searcher.avg_field_length(field_name) or 1
