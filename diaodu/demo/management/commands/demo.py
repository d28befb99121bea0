"""`diaodu demo`: build the demonstration city once; later runs reuse it."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from diaodu.demo.services import build_demo_city, demo_exists, login_lines


class Command(BaseCommand):
    help = "生成演示城市“示范市”（虚构数据，标注为演示数据）：区划、企业、三年月报、指标、账号"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2026, help="随机种子（同一种子生成相同数据）"
        )
        parser.add_argument("--enterprises", type=int, default=600)

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_exists():
            self.stdout.write("演示数据已存在，直接使用。")
        else:
            started = time.monotonic()
            self.stdout.write("正在生成演示城市“示范市”（虚构数据）…")
            build_demo_city(
                seed=options["seed"], count=options["enterprises"], say=self.stdout.write
            )
            self.stdout.write(f"演示数据生成完毕，用时{time.monotonic() - started:.0f}秒。")
        for line in login_lines():
            self.stdout.write(line)
