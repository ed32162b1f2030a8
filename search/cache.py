"""A per-process cache of search results, keyed so that any edit misses it.

The key holds the normalised query and its options, the searcher (a new one after any
index commit, by any process), the synonym table and the best bets' version: an admin
edit reaches the next search at once. SEARCH_RESULT_CACHE_SIZE=0 turns it off.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings


class ResultCache:
    def __init__(self, size: int):
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict = OrderedDict()

    def get(self, key):
        if not self.size:
            return None
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        if not self.size:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


results_cache = ResultCache(settings.SEARCH_RESULT_CACHE_SIZE)
