"""Settings for the test suite: a throwaway index directory and fast password hashing."""

import os
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "1")

from config.settings import *  # noqa: F403
from config.settings import HAYSTACK_CONNECTIONS

# haystack reads HAYSTACK_CONNECTIONS once at import, so the temporary index is set here.
SEARCH_INDEX_DIR = tempfile.mkdtemp(prefix="faq-test-index-")
HAYSTACK_CONNECTIONS["default"]["PATH"] = SEARCH_INDEX_DIR
STATIC_ROOT = tempfile.mkdtemp(prefix="faq-test-static-")
# Tests check what one search computes; the cache has its own tests.
SEARCH_RESULT_CACHE_SIZE = 0
# Every edit reaches the index at its commit, so tests can search for it right after;
# tests/search/test_edit_bursts.py turns the interval on.
SEARCH_COMMIT_INTERVAL = 0.0
# Write each search to the query log at once, so tests see it.
SEARCH_LOG_BATCH = 1
SEARCH_LOG_IN_BACKGROUND = False
# Likewise the node's heartbeat (tests/search/test_change_log.py turns the thread on).
SEARCH_HEARTBEAT_IN_BACKGROUND = False
# Tests send many searches; the limits have their own tests (tests/search/test_ratelimit.py,
# tests/edge/).
SEARCH_API_RATE_LIMIT = "0"
SEARCH_PAGE_RATE_LIMIT = "0"
# The test client asks from 127.0.0.1: no exemption, so the limits' tests count it.
SEARCH_RATE_LIMIT_EXEMPT: list[str] = []
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
