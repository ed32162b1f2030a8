"""Keep the index in step with the database: every save or delete, at commit."""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models import signals
from haystack.signals import BaseSignalProcessor
from haystack.utils import get_identifier

from faq.models import Channel, ChannelNote, ChannelStep, Issue, IssueChannel, Section, Tip

logger = logging.getLogger(__name__)

ENTRY_MODELS = (Section, Channel, Issue, Tip)
# Steps and notes are indexed as part of their channel. A recommended channel changes
# no indexed text, but re-indexing its issue starts a new index generation, which is
# what tells every process's caches that the issue changed.
CHANNEL_PARTS = (ChannelStep, ChannelNote)
ISSUE_PARTS = (IssueChannel,)

_pending = threading.local()


class LiveIndexSignalProcessor(BaseSignalProcessor):
    """Re-index an entry once per transaction, after it commits, however many rows changed.

    Saving a channel in the admin also saves each of its steps and notes; collecting the
    changes and applying them on commit indexes the channel once, in its final state.
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
            self.schedule(Channel, instance.channel_id)
        elif isinstance(instance, ISSUE_PARTS):
            self.schedule(Issue, instance.issue_id)
        else:
            self.schedule(type(instance), instance.pk)

    def schedule(self, model, pk) -> None:
        pending = getattr(_pending, "keys", None)
        if pending is None:
            pending = _pending.keys = set()
        pending.add((model, pk))
        transaction.on_commit(self.flush)

    def flush(self) -> None:
        """Apply every pending change: index published entries, remove the others."""
        pending, _pending.keys = getattr(_pending, "keys", set()), set()
        for model, pk in pending:
            self.apply(model, pk)

    def apply(self, model, pk) -> None:
        index = self.connections["default"].get_unified_index().get_index(model)
        entry = index.index_queryset().filter(pk=pk).first()
        if entry is not None:
            index.update_object(entry)
        else:
            index.remove_object(get_identifier_for(model, pk))


def get_identifier_for(model, pk) -> str:
    """Return haystack's document id for a row that may no longer exist."""
    return get_identifier(model(pk=pk))
