"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load the Chinese dictionary now, at start-up, rather than on the first search; a node
# without an index (new, or its index lost) builds one from the database first.
from search.analysis import segmenter  # noqa: E402
from search.indexing import ensure_index  # noqa: E402

segmenter()
# The lexical resources need no loading: searches read compiled tables on demand
# (search/lexicon/__init__.py).
ensure_index()
# Never hand a database connection opened here to forked workers (gunicorn --preload).
from django.db import connections  # noqa: E402

connections.close_all()
