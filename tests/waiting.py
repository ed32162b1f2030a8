"""Waiting for a condition, not for a time: a busy machine only makes the wait longer."""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(condition: Callable[[], T], *, what: str, timeout: float = 120) -> T:
    """Return condition()'s first true value, polling; fail after `timeout` seconds,
    a bound generous enough for a machine busy with other work."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.02)
