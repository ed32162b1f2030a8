"""What the search app sets up when a process of the site starts."""

import sys

import pytest
from django.apps import apps


def test_a_thread_keeps_the_interpreter_lock_for_the_configured_interval(settings):
    """Searching threads take turns every THREAD_SWITCH_INTERVAL, not Python's 5 ms."""
    assert settings.THREAD_SWITCH_INTERVAL == 0.1
    assert sys.getswitchinterval() == pytest.approx(0.1, abs=1e-5)
    settings.THREAD_SWITCH_INTERVAL = 0.02
    try:
        apps.get_app_config("search").ready()
        assert sys.getswitchinterval() == pytest.approx(0.02, abs=1e-5)
    finally:
        sys.setswitchinterval(0.1)
