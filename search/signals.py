"""Keep the index in step with the database: every save or delete, logged and applied."""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from faq.kinds import kind_of, kinds
from search import changelog, indexing
from search.models import BestBet

logger = logging.getLogger(__name__)


def watched_models() -> dict[type, list]:
    """Return every model whose change re-indexes entries: each registered kind's model,
    and its parts (steps and notes, recommended channels, a question's category) with the
    kinds they belong to. A recommended channel changes no indexed text, but re-indexing
    its entry starts a new index generation, which is what tells every process's caches
    that the entry changed."""
    watched: dict[type, list] = {kind.model: [] for kind in kinds()}
    for kind in kinds():
        for part in kind.parts:
            watched.setdefault(part.model, []).append((kind, part))
    return watched


class LiveIndexSignalProcessor(BaseSignalProcessor):
    """Record every change of an indexed entry in the change log, in the edit's own
    transaction, and apply the log to the index once the transaction commits.

    Saving a channel in the admin also saves each of its steps and notes: the log gets a
    row for each, and the writer indexes the channel once, in its final state. When
    another writer holds the index, the save does not wait: that writer applies the change
    after its own commit, with every other change that arrived meanwhile (a burst of edits
    lands in one commit). If the write fails, the change stays in the log; the next write
    or search applies it (search/indexing.py).
    """

    def setup(self):
        for model in watched_models():
            signals.post_save.connect(self.handle_change, sender=model)
            signals.post_delete.connect(self.handle_change, sender=model)

    def teardown(self):
        for model in watched_models():
            signals.post_save.disconnect(self.handle_change, sender=model)
            signals.post_delete.disconnect(self.handle_change, sender=model)

    def handle_change(self, sender, instance, signal=None, **kwargs):
        for content_type, pk in changed_entries(instance):
            changelog.record_change(content_type, pk)
        if signal is signals.post_delete and kind_of(instance):
            forget_best_bets(instance)
        transaction.on_commit(apply_after_commit, robust=True)


def changed_entries(instance) -> list[tuple[str, int]]:
    """Return the (content type, pk) of every entry a saved or deleted model changes."""
    kind = kind_of(instance)
    changed = [(kind.content_type, instance.pk)] if kind else []
    for kind, part in watched_models().get(type(instance), []):
        changed += [(kind.content_type, pk) for pk in part.owner_pks(instance)]
    return changed


def forget_best_bets(entry) -> None:
    """Delete the best bets of a deleted entry (a generic relation does not cascade)."""
    content_type = ContentType.objects.get_for_model(entry)
    BestBet.objects.filter(content_type=content_type, object_id=entry.pk).delete()


def apply_after_commit() -> None:
    """Apply the change log; an edit is committed already, so failing here only logs.

    Never waits for another writer: one that holds the index applies this change with
    the others that arrived meanwhile, in one commit (indexing.apply_after_edit).
    """
    try:
        indexing.apply_after_edit()
    except Exception:
        logger.exception("Could not update the search index; the change stays in the log")
