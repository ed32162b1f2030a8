"""Revisions of an entry with its children, as labelled text, and what differs between two."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from reversion.models import Revision, Version

# Bookkeeping that every save changes: never shown as a difference.
SKIPPED_FIELDS = {"id", "created_at", "updated_at"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


def revision_fields(revision: Revision, entry_model: type[models.Model]) -> dict[tuple, tuple]:
    """Return {(part, pk, field): (label, text)} for every field of a revision, both languages."""
    fields = {}
    for version in revision.version_set.all():
        instance = version._object_version.object
        part = "" if version._model is entry_model else version._model._meta.verbose_name
        for field in _shown_fields(version._model, entry_model):
            label = str(field.verbose_name)
            if part:
                label = f"{part} {getattr(instance, 'order', 0) + 1} · {label}"
            fields[(part, instance.pk, field.name)] = (label, _text(instance, field))
    return fields


def compare_revisions(old: Revision, new: Revision, entry_model) -> list[FieldChange]:
    """Return the fields whose text differs from one revision to the other, in order."""
    before = revision_fields(old, entry_model)
    after = revision_fields(new, entry_model)
    changes = []
    for key in sorted(before.keys() | after.keys(), key=_order_key):
        label, old_text = before.get(key, (after.get(key, ("", ""))[0], ""))
        new_text = after.get(key, (label, ""))[1]
        if old_text != new_text:
            changes.append(FieldChange(label, old_text, new_text))
    return changes


def changes_since(entry: models.Model, token: str) -> list[FieldChange] | None:
    """Return what changed in an entry since its version `token` was saved, or None if that
    version is not in its history."""
    versions = Version.objects.get_for_object(entry).select_related("revision")[:50]
    opened = next((v for v in versions if _token_of(v) == _to_millis(token)), None)
    if opened is None or not versions:
        return None
    return compare_revisions(opened.revision, versions[0].revision, type(entry))


def version_token(entry: models.Model) -> str:
    """Return the value that tells one saved version of an entry from the next."""
    return entry.updated_at.isoformat() if entry.updated_at else ""


def _token_of(version: Version) -> str:
    updated_at = version.field_dict.get("updated_at")
    return _to_millis(updated_at.isoformat()) if updated_at else ""


def _to_millis(token: str) -> str:
    """Return a version token to the millisecond: revisions are stored as JSON, whose
    Django encoder keeps milliseconds only."""
    try:
        moment = datetime.fromisoformat(token)
    except ValueError:
        return token
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000).isoformat()


def _shown_fields(model, entry_model) -> list[models.Field]:
    try:
        originals = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        originals = set()
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in SKIPPED_FIELDS
        and field.name not in originals
        and not (field.is_relation and field.related_model is entry_model)
    ]


def _text(instance, field) -> str:
    try:
        value = (
            getattr(instance, field.name)
            if field.is_relation
            else field.value_from_object(instance)
        )
    except field.related_model.DoesNotExist:  # a recommended channel deleted since
        value = f"#{field.value_from_object(instance)}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


def _order_key(key: tuple) -> tuple:
    part, pk, name = key
    return (part != "", str(part), pk or 0, name)
