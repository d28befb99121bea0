import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run_check(**env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "diaodu.settings", **env}
    environment.pop("DIAODU_DEBUG", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_production_settings_pass_djangos_deployment_checks(tmp_path):
    result = run_check(
        DIAODU_SECRET_KEY=secrets.token_urlsafe(50),
        DIAODU_HTTPS="1",
        DIAODU_ALLOWED_HOSTS="diaodu.example.gov.cn",
        DIAODU_HOME=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_check(DIAODU_SECRET_KEY="", DIAODU_HOME=str(tmp_path))
    assert result.returncode != 0
    assert "DIAODU_SECRET_KEY must be set" in result.stderr
