"""Backup and restore of the whole database: SQLite through its online backup API,
PostgreSQL through pg_dump / pg_restore. A checksum of every fact proves a round trip."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

from diaodu.core.memo import data_changed

FACT_CHECKSUM_SQL = """
SELECT e.uscc, f.period, f.output_month, f.output_ytd, f.output_month_prior, f.output_ytd_prior,
       f.revenue_ytd, f.revenue_ytd_prior, f.profit_ytd, f.profit_ytd_prior, f.power_month,
       f.directory_status, f.county_id
FROM enterprises_monthlyfact f JOIN enterprises_enterprise e ON e.id = f.enterprise_id
ORDER BY e.uscc, f.period
"""


class BackupError(RuntimeError):
    pass


def facts_checksum() -> str:
    """SHA-256 over every fact in a fixed order: equal before a backup and after its restore."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        cursor.execute(FACT_CHECKSUM_SQL)
        for row in cursor.fetchall():
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def backup(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as destination:
            connection.connection.backup(destination)  # consistent while others write
    elif connection.vendor == "postgresql":
        _run_pg("pg_dump", "--format=custom", f"--file={target}")
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor}")
    return target


def restore(source: Path) -> None:
    if not source.exists():
        raise BackupError(f"备份文件不存在：{source}")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as origin:
            origin.backup(connection.connection)
    elif connection.vendor == "postgresql":
        connection.close()
        _run_pg("pg_restore", "--clean", "--if-exists", "--single-transaction", str(source))
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor}")
    # The restore wrote past Django's cursor: running servers must not keep what they
    # computed from the data it replaced (core.memo).
    data_changed()


def _run_pg(program: str, *arguments: str) -> None:
    settings = connection.settings_dict
    executable = shutil.which(program) or _debian_binary(program)
    environment = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    command = [
        executable,
        "--no-owner",
        f"--host={settings.get('HOST') or 'localhost'}",
        f"--port={settings.get('PORT') or 5432}",
        f"--username={settings.get('USER') or ''}",
        f"--dbname={settings['NAME']}",
        *arguments,
    ]
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} 失败：{result.stderr.strip()}")


def _debian_binary(program: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"))
    if not found:
        raise BackupError(f"找不到 {program}：请安装 postgresql-client")
    return str(found[-1])
