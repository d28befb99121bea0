"""Server time of the pages on the demo city: python -m diaodu.web.timing [count].

Builds the demo city (`count` enterprises, 600 by default, as `make demo`) in a fresh
SQLite database of a temporary DIAODU_HOME, then asks Django's test client for each page
as the demo's city analyst: one request to warm up, then the median of 5, printed as the
benchmarks print (contracts/bench.md), e.g.

    bench: page_dashboard_ms 120 ms enterprises=600 period=2025-10

and merged into var/bench.json. Server time only (no browser, no network); DEBUG off.
The aim (issue 9): under 300 ms. A measurement, not a test: nothing fails above it."""

from __future__ import annotations

import os
import sys
import tempfile

# Imported before DIAODU_HOME is moved: the figures go to the usual var/bench.json.
from diaodu.bench import median_seconds, record

REPEAT = 5


def _setup() -> None:
    home = tempfile.mkdtemp(prefix="diaodu-timing-")
    os.environ["DIAODU_HOME"] = home  # the demo's files and database, not the user's var/
    os.environ["DATABASE_URL"] = f"sqlite:///{home}/timing.sqlite3"
    os.environ["DIAODU_DEBUG"] = "0"  # no query log: the server as deployed
    os.environ.setdefault("DIAODU_SECRET_KEY", "timing-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "diaodu.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host name is allowed
    call_command("migrate", verbosity=0)


def run(count: int) -> None:
    _setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from diaodu.demo.services import build_demo_city
    from diaodu.warnings.models import Warning

    build_demo_city(count=count, say=lambda _line: None)
    client = Client()
    client.force_login(get_user_model().objects.get(username="analyst"))
    first = client.get("/")
    assert first.status_code == 200, first.status_code
    period = first.context["period"]
    warning = Warning.objects.order_by("pk").first()
    pages = {
        "page_dashboard_ms": "/",
        "page_targets_ms": f"/regions/{first.context['region'].code}/targets/?period={period}",
        "page_warnings_ms": "/warnings/?state=all",
    }
    if warning is not None:
        pages["page_warning_ms"] = f"/warnings/{warning.pk}/"
    for name, url in pages.items():
        client.get(url)  # warm up: templates compiled, caches filled

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        seconds = median_seconds(get, repeat=REPEAT)
        record(name, seconds * 1000, "ms", enterprises=count, period=str(period))


def main() -> None:
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 600)


if __name__ == "__main__":
    main()
