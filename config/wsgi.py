"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load the Chinese dictionary now, at start-up, rather than on the first search.
from search.analysis import segmenter  # noqa: E402

segmenter()
