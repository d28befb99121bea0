"""`diaodu backup FILE`: an online copy of the whole database (SQLite or PostgreSQL)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from diaodu.core.backup import BackupError, backup, facts_checksum


class Command(BaseCommand):
    help = "备份整个数据库（SQLite 在线备份；PostgreSQL 使用 pg_dump）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: object, **options: str) -> None:
        try:
            target = backup(Path(options["file"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已备份到 {target}；企业月度数据校验值 {facts_checksum()}")
