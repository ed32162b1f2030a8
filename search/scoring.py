"""Best-field scoring: a word counts in its best field, the others add a tie-breaker share.

Whoosh 2.7.4 has DisjunctionMax for this, but its matcher is wrong:
`DisjunctionMaxMatcher.score()` returns max(a.score(), b.score()) even when a and b sit on
different documents (so every document gets the best score of any), never applies
`tiebreak`, and `replace()` drops `tiebreak`. These subclasses score correctly.
"""

from __future__ import annotations

from whoosh.matching import DisjunctionMaxMatcher
from whoosh.query import DisjunctionMax


class BestFieldsMatcher(DisjunctionMaxMatcher):
    def score(self) -> float:
        current = self.id()
        scores = [m.score() for m in (self.a, self.b) if m.is_active() and m.id() == current]
        if len(scores) == 1:
            return scores[0]
        return max(scores) + self.tiebreak * min(scores)

    def max_quality(self) -> float:
        return max(self.a.max_quality(), self.b.max_quality()) * (1 + self.tiebreak)

    def supports_block_quality(self) -> bool:
        # Block-max skipping would need bounds that include the tie-breaker share.
        return False

    def replace(self, minquality=0):
        replaced = super().replace(0)
        if isinstance(replaced, BestFieldsMatcher):
            replaced.tiebreak = self.tiebreak
        return replaced


class BestFields(DisjunctionMax):
    """DisjunctionMax scored by BestFieldsMatcher."""

    def _matcher(self, subs, searcher, context):
        reader = searcher.reader()
        return self._tree_matcher(
            subs,
            BestFieldsMatcher,
            searcher,
            context,
            lambda query: query.estimate_size(reader),
            tiebreak=self.tiebreak,
        )
