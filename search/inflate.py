"""Inflating the index's small compressed blocks without handing the interpreter lock over.

Whoosh stores every block of postings zlib-compressed, and `zlib.decompress` lets go of the
interpreter lock (the GIL) around each inflate, however small. A posting block inflates in
a few microseconds, less than it takes to hand the lock to another thread and win it back:
with several threads searching, each release was a chance for a waiting thread to take the
lock, and a cold search reads dozens of blocks (docs/performance.md, "4 threads against
1, again"). CPython's hashlib keeps the lock for inputs under 2 KiB for the same reason.

Here zlib's own `uncompress` is called through `ctypes.PyDLL`, which keeps the lock, into a
buffer of each thread's; what does not fit in it (or a zlib that cannot be loaded, or data
zlib rejects) goes to `zlib.decompress` as before, which also raises zlib's own errors.
"""

from __future__ import annotations

import ctypes
import sys
import threading
import zlib
from collections.abc import Callable

# Blocks inflating to at most this many bytes keep the lock: a posting block of Whoosh's
# 128 postings with positions is a few KiB; 64 KiB inflate in ~30 µs.
BUFFER_SIZE = 1 << 16
# zlib's shared library as the dynamic linker names it (it is loaded already: the zlib
# module links it).
LIBRARY = "libz.dylib" if sys.platform == "darwin" else "libz.so.1"

Z_OK = 0  # zlib.h; the zlib module does not export it

_threads = threading.local()


def _load_uncompress() -> Callable | None:
    """Return zlib's `uncompress`, called without letting go of the lock, or None."""
    try:
        uncompress = ctypes.PyDLL(LIBRARY).uncompress
    except (OSError, AttributeError):
        return None
    uncompress.argtypes = [
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.c_char_p,
        ctypes.c_ulong,
    ]
    uncompress.restype = ctypes.c_int
    return uncompress


_uncompress = _load_uncompress()


def inflate(data: bytes | memoryview) -> bytes:
    """Return zlib.decompress(data), keeping the interpreter lock while inflating when the
    result fits in BUFFER_SIZE bytes."""
    if _uncompress is None:
        return zlib.decompress(data)
    buffer = getattr(_threads, "buffer", None)
    if buffer is None:
        buffer = _threads.buffer = ctypes.create_string_buffer(BUFFER_SIZE)
        _threads.size = ctypes.c_ulong()
    size = _threads.size
    size.value = BUFFER_SIZE
    compressed = bytes(data)
    if _uncompress(buffer, ctypes.byref(size), compressed, len(compressed)) != Z_OK:
        return zlib.decompress(compressed)  # larger than the buffer, or not zlib's
    return ctypes.string_at(buffer, size.value)
