"""The Whoosh index behind haystack: a searcher kept per thread, refreshed when it changes."""

from __future__ import annotations

import itertools
import logging
import os
import threading

from django.conf import settings
from whoosh import index as whoosh_index
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from search.config import BM25_B, BM25_K1

logger = logging.getLogger(__name__)

_local = threading.local()
_generations = itertools.count(1)


def index_path() -> str:
    return settings.HAYSTACK_CONNECTIONS["default"]["PATH"]


def current_searcher() -> Searcher | None:
    """Return a searcher on the latest index, or None when no index has been built yet.

    Opening an index costs far more than checking it for changes, so each thread keeps its
    searcher and refreshes it (Whoosh reopens only after a writer committed). rebuild_index
    deletes and recreates the directory, and the new index may reuse the old generation
    number, so the directory's identity is checked too.
    """
    identity = _directory_identity()
    previous = getattr(_local, "searcher", None)
    if previous is not None and identity == getattr(_local, "identity", None):
        searcher = previous.refresh()
    else:
        searcher = _open()
    if searcher is not None and searcher is not previous:
        # Caches key on this, never on id(): a freed searcher's id can be reused.
        searcher.generation = next(_generations)
    _local.searcher, _local.identity = searcher, identity
    return searcher


def _directory_identity() -> tuple[int, int] | None:
    try:
        stat = os.stat(index_path())
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def _open() -> Searcher | None:
    if not whoosh_index.exists_in(index_path()):
        return None
    return whoosh_index.open_dir(index_path()).searcher(weighting=BM25F(B=BM25_B, K1=BM25_K1))
