"""`make load`: the demonstration city under 50 concurrent users, on the production stack.

Builds the demo city once in var/load/ (its own DIAODU_HOME, reused afterwards), collects
the static files, starts gunicorn with 4 workers on a free port with the production
settings (DIAODU_DEBUG off), runs locust headless for a minute (diaodu/proof/locustfile.py),
stops gunicorn, and prints the figures as contracts/bench.md says:

    bench: load_rps 41.2 req/s users=50 workers=4 seconds=60
    bench: load_p50 23 ms
    bench: load_p95 180 ms
    bench: load_p99 420 ms
    bench: load_errors 0 count requests=2480

Environment: LOAD_SECONDS (60), LOAD_USERS (50), LOAD_WORKERS (4), LOAD_THINK ("2,8": a
user waits 2 to 8 s between clicks); DATABASE_URL as usual (SQLite in var/load by default;
`make load-pg` runs it on a throw-away PostgreSQL server, the demo built there first).
The window is measured from the moment every user has logged in (see the locustfile)."""

from __future__ import annotations

import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOME = Path(os.environ.get("DIAODU_LOAD_HOME", ROOT / "var" / "load")).resolve()
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
USERS = int(os.environ.get("LOAD_USERS", "50"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))


def environment() -> dict[str, str]:
    """The production settings, with the load's own data folder."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "diaodu.settings",
        "DIAODU_HOME": str(HOME),
        "DIAODU_DEBUG": "0",
        "DIAODU_SECRET_KEY": os.environ.get("DIAODU_SECRET_KEY") or secrets.token_urlsafe(50),
        "DIAODU_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DIAODU_LOG_LEVEL": "ERROR",
    }


def diaodu(env: dict[str, str], *arguments: str) -> None:
    subprocess.run([str(BIN / "diaodu"), *arguments], env=env, check=True)


def prepare(env: dict[str, str]) -> None:
    """The demo city (built once: `diaodu demo` reuses it) and the static files."""
    HOME.mkdir(parents=True, exist_ok=True)
    diaodu(env, "migrate", "--verbosity", "0")
    diaodu(env, "demo")
    diaodu(env, "collectstatic", "--noinput", "--verbosity", "0")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], port: int) -> Iterator[str]:
    """gunicorn with WORKERS sync workers, as docs/deploy.md runs it; stopped afterwards."""
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "diaodu.wsgi:application",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=120",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/login/", server)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)  # a graceful stop: workers finish their request
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds:.0f} s")


def run_locust(url: str, env: dict[str, str]) -> dict[str, dict[str, str]]:
    """Locust headless; returns its rows by request name ("Aggregated": all of them)."""
    prefix = HOME / "locust"
    subprocess.run(
        [
            str(BIN / "locust"),
            "--locustfile",
            str(ROOT / "diaodu" / "proof" / "locustfile.py"),
            "--headless",
            f"--users={USERS}",
            "--spawn-rate=5",
            # The locustfile stops the run LOAD_SECONDS after the last login; this is the
            # backstop should a login never come back.
            f"--run-time={SECONDS + 600}s",
            f"--host={url}",
            f"--csv={prefix}",
            "--only-summary",
            "--loglevel=WARNING",
        ],
        env={**env, "PYTHONPATH": str(ROOT), "LOAD_SECONDS": str(SECONDS)},
        cwd=ROOT,
        check=False,  # locust exits 1 when a request failed: the errors are a figure
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


SHORT = {
    "dashboard /": "dashboard",
    "api summary": "summary",
    "api drilldown": "drilldown",
    "region page": "region_page",
    "api enterprises": "enterprises",
    "enterprises page": "enterprises_page",
    "api import monthly (50 rows)": "import",
}


def report(rows: dict[str, dict[str, str]]) -> None:
    """The figures, as contracts/bench.md says, and into var/bench.json; beside p95 and p50,
    each kind of request's own."""
    from diaodu.bench import record

    total = rows["Aggregated"]
    per = {short: rows[name] for name, short in SHORT.items() if name in rows}
    login = json.loads((HOME / "login.json").read_text()) if (HOME / "login.json").exists() else {}
    engine = "pg" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    record("load_rps", float(total["Requests/s"]), "req/s", users=USERS, workers=WORKERS,
           seconds=SECONDS, think=os.environ.get("LOAD_THINK", "2,8"), engine=engine)  # fmt: skip
    for name, column in (("load_p50", "50%"), ("load_p95", "95%"), ("load_p99", "99%")):
        extra = {short: round(float(row[column])) for short, row in per.items()}
        record(name, float(total[column]), "ms", **extra)
    record(
        "load_errors",
        float(total["Failure Count"]),
        "count",
        requests=int(total["Request Count"]),
        login_p50=login.get("p50"),
        login_p95=login.get("p95"),
    )


def main() -> None:
    env = environment()
    prepare(env)
    (HOME / "login.json").unlink(missing_ok=True)
    with gunicorn(env, free_port()) as url:
        rows = run_locust(url, env)
    report(rows)


if __name__ == "__main__":
    main()
