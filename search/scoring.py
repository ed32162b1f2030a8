"""The scorer: BM25F score maps of terms and phrases, and how maps combine.

A query is groups of alternatives (a word, its synonyms, sub-words, corrections) and
quoted phrases. Each is scored over the whole index into a score map ({document: score})
once per index snapshot, and kept in the snapshot's `ScoreCache`, an LRU bounded by
postings, as Lucene's query cache keeps frequent clauses: the same groups recur across
queries ("delivery" and its 14 synonyms), and Whoosh scores ~2 us per posting in Python,
so a common group costs ~100 ms every time otherwise. A group's map is its best
alternative's map plus a fraction of the others' (dis_max). A query then combines maps:
every group (intersection, scores summed) or, relaxed, any group (union, summed).
"""

from __future__ import annotations

import heapq
import io
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.scoring import BM25FScorer, bm25
from whoosh.searching import Searcher

from search.config import BM25_B, BM25_K1, GROUP_TIE_BREAKER
from search.inflate import inflate

ScoreMap = dict[int, float]
# Every document's length in a field, and the average: read once per snapshot.
FieldLengths = tuple[list[int], float]

# At most this many (document, score) pairs are cached per snapshot (~54 bytes each, the
# document numbers shared: read_ids). 250,000 before they were shared: the same memory.
MAX_CACHED_POSTINGS = 300_000


class ScoreCache:
    """Score maps of queries on one index generation, least recently used dropped first.

    Shared by every thread of a process: a map is computed with the calling thread's
    searcher (`searcher()`, search/snapshot.py), outside the lock, which guards only the
    maps themselves. Two threads missing the same map at once may both compute it; the
    same postings give the same map, so either may be kept.
    """

    def __init__(
        self,
        searcher: Callable[[], Searcher],
        lengths: Callable[[str], FieldLengths],
        max_postings: int = MAX_CACHED_POSTINGS,
    ):
        self.searcher = searcher
        self.lengths = lengths
        self.max_postings = max_postings
        self._norms: dict[str, list[float]] = {}
        self._maps: OrderedDict[str, ScoreMap] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def __contains__(self, query: wq.Query) -> bool:
        return repr(_kept_as(query)) in self._maps

    def norms(self, field: str) -> list[float]:
        """Return each document's BM25 length normalisation in a field (`bm25_norms`),
        computed once per snapshot (two threads may both compute it: the same list)."""
        found = self._norms.get(field)
        if found is None:
            found = self._norms[field] = bm25_norms(self.lengths(field))
        return found

    def scores_within(self, query: wq.Query, docnums) -> ScoreMap:
        """Return the scores of these documents for a query, from the cached map if there
        is one, else computed for them alone (and not cached)."""
        found = self._cached(repr(query))
        if found is not None:
            return {docnum: found[docnum] for docnum in docnums if docnum in found}
        searcher = self.searcher()
        if type(query) is wq.Phrase:
            lengths = self.lengths(query.fieldname)
            computed = phrase_score_map(searcher, query, lengths, within=docnums)
            if computed is not None:
                return computed
        return matcher_scores_within(searcher, query, docnums)

    def scores(self, query: wq.Query) -> ScoreMap:
        """Return every matching document's score for a term, phrase or group (Or)."""
        query = _kept_as(query)
        key = repr(query)
        found = self._cached(key)
        if found is not None:
            return found
        if isinstance(query, wq.Or):
            computed = best_of([self.scores(child) for child in query.subqueries])
        elif isinstance(query, wq.DisjunctionMax):
            computed = best_of([self.scores(c) for c in query.subqueries], query.tiebreak)
        elif type(query) is wq.Term:
            computed = term_score_map(self.searcher(), query, self.norms(query.fieldname))
        elif type(query) is wq.Phrase and (
            (found := phrase_score_map(self.searcher(), query, self.lengths(query.fieldname)))
            is not None
        ):
            computed = found
        else:
            computed = matcher_score_map(self.searcher(), query)
        self._keep(key, computed)
        return computed

    def _cached(self, key: str) -> ScoreMap | None:
        with self._lock:
            found = self._maps.get(key)
            if found is not None:
                self._maps.move_to_end(key)
            return found

    def _keep(self, key: str, computed: ScoreMap) -> None:
        with self._lock:
            if key in self._maps:  # another thread computed it meanwhile
                return
            self._maps[key] = computed
            self._size += len(computed)
            while self._size > self.max_postings and len(self._maps) > 1:
                _key, dropped = self._maps.popitem(last=False)
                self._size -= len(dropped)


def _kept_as(query: wq.Query) -> wq.Query:
    """Return the query whose map the cache keeps for this one: a group of one alternative
    scores as that alternative (dis_max of one map is the map, float for float: best_of
    gives s + tie_breaker * 0.0), so its map is kept once, under the alternative's key,
    rather than copied under the group's as well."""
    while isinstance(query, wq.Or) and len(query.subqueries) == 1:
        query = query.subqueries[0]
    return query


def matcher_scores_within(searcher: Searcher, query: wq.Query, docnums) -> ScoreMap:
    """Return the scores of these documents only (those the query matches), skipping to
    each: a phrase of common words matches thousands of entries, of which the rescore
    window needs fifty."""
    matcher = query.matcher(searcher, searcher.context())
    scores = {}
    for docnum in sorted(docnums):
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                break
        if matcher.id() == docnum:
            scores[docnum] = matcher.score()
    return scores


def term_score_map(searcher: Searcher, query: wq.Term, norms: Sequence[float]) -> ScoreMap:
    """Return a term's BM25F scores, computed here from its postings.

    Whoosh's scorer looks up each document's field length per posting, half the cost of
    a search; each document's length normalisation (`bm25_norms`) is computed once per
    snapshot instead. Same formula as whoosh.scoring.bm25 with B=BM25_B and K1=BM25_K1
    (the searcher's weighting, see search/snapshot.py), checked against it in
    tests/search/test_scoring.py.
    """
    field, text = query.fieldname, query.text
    reader = searcher.reader()
    if (field, text) not in reader:
        return {}
    idf = searcher.idf(field, text) * query.boost
    k1_plus_1 = BM25_K1 + 1
    scores = {}
    for docnums, weights in postings_blocks(reader.postings(field, text)):
        for docnum, weight in zip(docnums, weights, strict=True):
            scores[docnum] = idf * (weight * k1_plus_1) / (weight + norms[docnum])
    return scores


def bm25_norms(lengths: FieldLengths) -> list[float]:
    """Return each document's BM25 length normalisation in a field, the expression
    term_score_map divided by once per posting (the same floats: the same expression)."""
    by_document, average = lengths
    return [BM25_K1 * ((1 - BM25_B) + BM25_B * length / average) for length in by_document]


def phrase_score_map(
    searcher: Searcher, query: wq.Phrase, lengths: FieldLengths, within=None
) -> ScoreMap | None:
    """Return a phrase's scores (of the documents `within`, if given), computed here from
    its words' postings and positions; None where Whoosh's own matcher must answer (an
    index of several segments or with deletions, a field without plain positions).

    The same documents and the same floating-point scores as Whoosh 2.7.4's phrase
    matcher (a SpanNear2 over an intersection of its words' postings): a document whose
    words stand at consecutive positions scores each word's BM25F (whoosh.scoring.bm25,
    with the searcher's idf and average length), summed in the intersection's binary
    tree, times the phrase's boost; tests/search/test_scoring.py compares the two. Whoosh
    walks every document holding all the words through a tree of span matchers, ~2 us a
    posting in Python: here only the documents holding every word have their positions
    decoded, and blocks holding none of the rarer words' documents are never read.
    """
    field_name, reader = query.fieldname, searcher.reader()
    if field_name not in searcher.schema:
        return {}
    field = searcher.schema[field_name]
    if (
        query.slop != 1
        or len(query.words) < 2
        or not field.format
        or not field.format.supports("positions")
        or field.format.supports("characters")
        or not reader.is_atomic()
        or reader.has_deletions()
    ):
        return None
    words = []
    for word in query.words:
        try:
            word = field.to_bytes(word)
        except ValueError:
            return {}
        if (field_name, word) not in reader:
            return {}
        words.append(word)
    rarest_first = sorted(set(words), key=lambda word: reader.doc_frequency(field_name, word))
    candidates = None if within is None else set(within)
    postings = {}
    for word in rarest_first:
        matcher = reader.postings(field_name, word)
        if not isinstance(matcher, W3LeafMatcher):
            return None
        postings[word] = found = _postings_of(matcher, candidates)
        candidates = set(found) if candidates is None else candidates & found.keys()
        if not candidates:
            return {}
    # Whoosh's own scorer of each word, for its idf, average length, B and K1.
    scorers = [searcher.weighting.scorer(searcher, field_name, word) for word in words]
    if not all(isinstance(scorer, BM25FScorer) for scorer in scorers):
        return None
    decode = field.format.decode_positions
    by_document = lengths[0]
    scores = {}
    for docnum in sorted(candidates):
        if not _in_a_row([postings[word][docnum][1] for word in words], decode):
            continue
        length = by_document[docnum]
        each = [
            bm25(scorer.idf, postings[word][docnum][0], length, scorer.avgfl, scorer.B, scorer.K1)
            for scorer, word in zip(scorers, words, strict=True)
        ]
        score = _tree_sum(each)
        scores[docnum] = score * query.boost if query.boost != 1.0 else score
    return scores


def _in_a_row(values: list[bytes], decode: Callable[[bytes], list[int]]) -> bool:
    """Return whether the words stand at consecutive positions somewhere: where the first
    word stands at p, the second at p + 1, and so on. The possible starts narrow word by
    word, so a document where two words never meet decodes no further positions."""
    starts = set(decode(values[0]))
    for offset, value in enumerate(values[1:], 1):
        starts.intersection_update([position - offset for position in decode(value)])
        if not starts:
            return False
    return True


def _postings_of(matcher: W3LeafMatcher, wanted: set[int] | None) -> dict[int, tuple]:
    """Return {document: (weight, value)} of a term's postings (of the `wanted` documents
    only, if given: a block is read only when one of them may be in it)."""
    targets = sorted(wanted) if wanted is not None else None
    next_target, found = 0, {}
    while matcher.is_active():
        if targets is not None:
            if next_target == len(targets):
                break
            if targets[next_target] > matcher._maxid:  # none in this block: not read
                matcher._next_block()
                continue
        read_block(matcher)
        read_ids(matcher)
        if matcher._weights is None:
            matcher._read_weights()
        if matcher._values is None:
            matcher._read_values()
        start = matcher._i
        for docnum, weight, value in zip(
            matcher._ids[start:], matcher._weights[start:], matcher._values[start:], strict=True
        ):
            if wanted is None or docnum in wanted:
                found[docnum] = (weight, value)
        if targets is not None:
            while next_target < len(targets) and targets[next_target] <= matcher._maxid:
                next_target += 1
        matcher._next_block()
    return found


def _tree_sum(scores: list[float]) -> float:
    """Return the scores summed as Whoosh's make_binary_tree of matchers adds them."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _tree_sum(scores[:half]) + _tree_sum(scores[half:])


def postings_blocks(postings) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """Yield (document numbers, weights) a block at a time.

    A single segment's postings come as whole blocks from Whoosh 2.7.4's W3LeafMatcher
    arrays, three method calls per posting fewer (private attributes of the pinned
    Whoosh, which is no longer released: docs/performance.md says what this buys, and
    tests/search/test_scoring.py fails if they change); other matchers (several
    segments) are read one posting at a time through the public API.
    """
    if isinstance(postings, W3LeafMatcher):
        while postings.is_active():
            read_block(postings)
            read_ids(postings)
            if postings._weights is None:
                postings._read_weights()
            start = postings._i
            yield postings._ids[start:], postings._weights[start:]
            postings._next_block()
        return
    while postings.is_active():
        yield (postings.id(),), (postings.weight(),)
        postings.next()


def read_block(matcher: W3LeafMatcher) -> None:
    """Load the matcher's current block as Whoosh 2.7.4's `_read_data` does (its bytes, zlib
    inflated if compressed, unpickled), inflated without letting go of the interpreter
    lock (search/inflate.py); tests/search/test_inflate.py compares the two."""
    if matcher._data is None:
        start, end = matcher._dataoffset, matcher._nextoffset
        data = matcher._postfile.get(start, end - start)
        block = inflate(data) if matcher._compression else data
        matcher._data = _BlockUnpickler(io.BufferedReader(io.BytesIO(block))).load()


class _BlockUnpickler(pickle.Unpickler):
    """pickle.loads for posting blocks, each posting's value made by `str.encode`.

    Whoosh pickles a block with protocol 2, which Python 3 writes a bytes value in as a call
    of `_codecs.encode(text, "latin1")`: a lookup in the codec registry for each of a
    block's 128 values, ~40 % of unpickling a block of positions. `str.encode(text,
    "latin1")` gives the same bytes directly; everything else is found as pickle finds it.
    Read through a BufferedReader, which the unpickler asks for a block at once (`peek`).
    """

    def find_class(self, module: str, name: str):
        if module == "_codecs" and name == "encode":
            return str.encode
        return super().find_class(module, name)


def read_ids(matcher: W3LeafMatcher) -> None:
    """Decode the current block's document numbers as Whoosh 2.7.4's `_read_ids` does (the
    block's deltas summed, here in C), each number the process's one int object for it
    (`_docnum_objects`)."""
    if matcher._ids is None:
        deltas = matcher._data[0]
        if matcher._byteids:
            matcher._ids = deltas
        else:
            shared = _docnum_objects(matcher._maxid).__getitem__
            matcher._ids = tuple(map(shared, accumulate(deltas)))


# Document numbers as one int object each, shared by every score map of the process. Each
# block read makes fresh ints (28 bytes each, 32 allocated), and a cached map keeps its
# keys: shared, a cached posting takes ~54 bytes instead of ~81, so the score cache holds
# half as many postings again in the same memory (docs/performance.md, "The first pass,
# again").
_docnums: list[int] = []
_docnums_lock = threading.Lock()


def _docnum_objects(highest: int) -> list[int]:
    """Return the shared document numbers, at least up to `highest`."""
    if len(_docnums) <= highest:
        with _docnums_lock:
            if len(_docnums) <= highest:
                _docnums.extend(range(len(_docnums), highest + 1))
    return _docnums


def field_lengths(searcher: Searcher, field: str) -> FieldLengths:
    """Return every document's length in a field, and the average."""
    reader = searcher.reader()
    lengths = [reader.doc_field_length(d, field, 0) for d in range(reader.doc_count_all())]
    return lengths, searcher.avg_field_length(field) or 1


def matcher_score_map(searcher: Searcher, query: wq.Query) -> ScoreMap:
    """Return every matching document's score for a query, through Whoosh's matcher.

    One flat loop over the postings: Whoosh's collectors and its binary trees of union
    matchers cost several times more per document.
    """
    matcher = query.matcher(searcher, searcher.context())
    scores = {}
    while matcher.is_active():
        scores[matcher.id()] = matcher.score()
        matcher.next()
    return scores


def all_of(maps: list[ScoreMap]) -> ScoreMap:
    """Return the documents in every map, with their scores summed."""
    if not maps:
        return {}
    smallest, *others = sorted(maps, key=len)
    return {
        docnum: score + sum(other[docnum] for other in others)
        for docnum, score in smallest.items()
        if all(docnum in other for other in others)
    }


def any_of(maps: list[ScoreMap], within: ScoreMap | None = None) -> ScoreMap:
    """Return the documents in any map (inside `within`, if given), scores summed."""
    combined: ScoreMap = dict(within) if within is not None else {}
    seen = set()
    for score_map_ in maps:
        for docnum, score in score_map_.items():
            if within is None or docnum in within:
                combined[docnum] = combined.get(docnum, 0.0) + score
                seen.add(docnum)
    return {docnum: combined[docnum] for docnum in seen}


def best_of(maps: list[ScoreMap], tie_breaker: float = GROUP_TIE_BREAKER) -> ScoreMap:
    """Return the documents in any map, scored by their best map plus `tie_breaker` times
    the others (Lucene's and Elasticsearch's dis_max)."""
    if tie_breaker >= 1.0:
        return any_of(maps)
    if not maps:
        return {}
    # The first map is copied whole: a document's total and best start at its score there
    # (scores are positive, so 0.0 + s and max(0.0, s) are s), with one lookup per
    # posting fewer for the rest than total.get and top.get on empty dicts gave.
    first, *others = maps
    top, total = dict(first), dict(first)
    for score_map_ in others:
        for docnum, score in score_map_.items():
            so_far = total.get(docnum)
            if so_far is None:
                total[docnum] = top[docnum] = score
            else:
                total[docnum] = so_far + score
                if score > top[docnum]:
                    top[docnum] = score
    return {d: top[d] + tie_breaker * (total[d] - top[d]) for d in total}


def best(scores: ScoreMap, count: int) -> list[int]:
    """Return the best-scoring documents, ties broken by document number."""
    if 0 < count < len(scores):
        # Only documents scoring at least the count-th best score can be among the best:
        # that score is found comparing bare floats, and the few ordered by (score, number).
        lowest = heapq.nlargest(count, scores.values())[-1]
        scores = {d: s for d, s in scores.items() if s >= lowest}
    return [d for _score, d in heapq.nsmallest(count, ((-s, d) for d, s in scores.items()))]
