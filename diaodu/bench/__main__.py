"""python -m diaodu.bench [sqlite|pg]: run the benchmarks against a fresh database.

sqlite: a new SQLite file in a temporary DIAODU_HOME. pg: the DATABASE_URL given
(make bench starts a throw-away server with scripts/with-postgres.sh)."""

from __future__ import annotations

import importlib
import os
import sys
import tempfile

BENCH_MODULES = ["diaodu.bench.imports", "diaodu.bench.summary", "diaodu.bench.bulletin"]


def main() -> None:
    engine = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    os.environ.setdefault("DIAODU_SECRET_KEY", "bench-only")
    if engine == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["DIAODU_DB_HOME"] = tempfile.mkdtemp(prefix="diaodu-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['DIAODU_DB_HOME']}/bench.sqlite3"
    elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("python -m diaodu.bench pg needs DATABASE_URL=postgres://…")
    os.environ["DJANGO_SETTINGS_MODULE"] = "diaodu.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    only = set(sys.argv[2:])
    for name in BENCH_MODULES:
        if only and name.rsplit(".", 1)[-1] not in only:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        module.run(engine)


if __name__ == "__main__":
    main()
