"""Keep the index in step with the database: every save or delete, logged and applied."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from faq.models import Channel, ChannelNote, ChannelStep, Issue, IssueChannel, Section, Tip
from search import changelog, indexing

logger = logging.getLogger(__name__)

ENTRY_MODELS = (Section, Channel, Issue, Tip)
# Steps and notes are indexed as part of their channel. A recommended channel changes
# no indexed text, but re-indexing its issue starts a new index generation, which is
# what tells every process's caches that the issue changed.
CHANNEL_PARTS = (ChannelStep, ChannelNote)
ISSUE_PARTS = (IssueChannel,)


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
        for model in (*ENTRY_MODELS, *CHANNEL_PARTS, *ISSUE_PARTS):
            signals.post_save.connect(self.handle_change, sender=model)
            signals.post_delete.connect(self.handle_change, sender=model)

    def teardown(self):
        for model in (*ENTRY_MODELS, *CHANNEL_PARTS, *ISSUE_PARTS):
            signals.post_save.disconnect(self.handle_change, sender=model)
            signals.post_delete.disconnect(self.handle_change, sender=model)

    def handle_change(self, sender, instance, **kwargs):
        if isinstance(instance, CHANNEL_PARTS):
            model, pk = Channel, instance.channel_id
        elif isinstance(instance, ISSUE_PARTS):
            model, pk = Issue, instance.issue_id
        else:
            model, pk = type(instance), instance.pk
        changelog.record_change(model._meta.label_lower, pk)
        transaction.on_commit(apply_after_commit, robust=True)


def apply_after_commit() -> None:
    """Apply the change log; an edit is committed already, so failing here only logs.

    Never waits for another writer: one that holds the index applies this change with
    the others that arrived meanwhile, in one commit (indexing.apply_after_edit).
    """
    try:
        indexing.apply_after_edit()
    except Exception:
        logger.exception("Could not update the search index; the change stays in the log")
