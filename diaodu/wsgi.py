import gc
import os

from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaodu.settings")
application = get_wsgi_application()

# Load every view now, while the worker starts, not at its first request: the URL
# configuration imports the API's schemas and openpyxl, over a second the first user of
# each worker used to wait for.
get_resolver().url_patterns  # noqa: B018
connections.close_all()  # nothing opened above may be shared with another process
# What is loaded now lives as long as the worker: out of the collector's way, so that a
# full collection scans a page's objects, not Django's (it made one request in ten slow).
gc.freeze()
