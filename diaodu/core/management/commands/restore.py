"""`diaodu restore FILE --yes`: replace the whole database with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from diaodu.core.backup import BackupError, facts_checksum, restore


class Command(BaseCommand):
    help = "从备份恢复整个数据库（会覆盖现有数据，须加 --yes 确认）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="确认覆盖现有数据")

    def handle(self, *args: object, **options: object) -> None:
        if not options["yes"]:
            raise CommandError("恢复会覆盖现有全部数据，请加 --yes 确认")
        try:
            restore(Path(str(options["file"])))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已恢复；企业月度数据校验值 {facts_checksum()}")
