"""Building the index: a full rebuild into a fresh directory, switched in atomically.

SEARCH_INDEX_DIR is a symbolic link to the live build (`<dir>.builds/<name>`). A rebuild
writes every document with one writer (Whoosh's update_document reopens every segment
per document to delete its old copy, which made haystack's rebuild mostly system time),
commits, and then replaces the link in one rename. Searches answer from the old build
until that moment; a rebuild killed halfway leaves the old build serving.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from haystack import connections
from whoosh import index as whoosh_index

WRITER_MEMORY_MB = 256
KEEP_OLD_BUILDS = 1


def live_path() -> Path:
    return Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])


def builds_dir() -> Path:
    return live_path().with_name(live_path().name + ".builds")


def rebuild(report: Callable[[str], None] = lambda message: None, *, empty: bool = False) -> Path:
    """Index every published entry (none, if empty) into a new build and make it live."""
    started = time.perf_counter()
    builds_dir().mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=builds_dir()))
    try:
        count = _write_build(build, report, empty=empty)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    switch_to(build)
    report(f"Indexed {count} entries in {time.perf_counter() - started:.1f} s into {build.name}.")
    return build


def _write_build(build: Path, report: Callable[[str], None], *, empty: bool) -> int:
    backend = connections["default"].get_backend()
    unified = connections["default"].get_unified_index()
    _content_field, schema = backend.build_schema(unified.all_searchfields())
    writer = whoosh_index.create_in(str(build), schema).writer(limitmb=WRITER_MEMORY_MB)
    count = 0
    try:
        for model in [] if empty else unified.get_indexed_models():
            search_index = unified.get_index(model)
            for entry in search_index.index_queryset().iterator(chunk_size=1000):
                document = search_index.full_prepare(entry)
                writer.add_document(**{k: backend._from_python(v) for k, v in document.items()})
                count += 1
            report(f"  {model._meta.verbose_name_plural}: {count} documents so far")
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return count


def switch_to(build: Path) -> None:
    """Point the live path at a build in one atomic rename, then drop older builds."""
    live = live_path()
    if live.exists() and not live.is_symlink():
        # An index from before builds existed: keep it as a build so the switch is a rename.
        live.rename(builds_dir() / "legacy")
    link = live.with_name(f".{live.name}.{os.getpid()}.link")
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(build, live.parent))
    os.replace(link, live)
    _drop_old_builds(keep=build)


def _drop_old_builds(keep: Path) -> None:
    """Remove builds older than the live one; open searchers keep their files until closed."""
    old = sorted(p for p in builds_dir().iterdir() if p != keep and p.is_dir())
    for path in old[: max(0, len(old) - KEEP_OLD_BUILDS)]:
        shutil.rmtree(path, ignore_errors=True)
