"""`diaodu regions …`: load a later GB/T 2260 list, add a zone, set a peer group's K."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from diaodu.regions.selectors import region_by_code
from diaodu.regions.services import (
    RegionListError,
    add_zone,
    load_region_list,
    parse_region_list,
    set_peer_group,
)


class Command(BaseCommand):
    help = "行政区划：载入新年度代码表、添加功能区、设置比较组"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="载入一份 GB/T 2260 代码表（每行“代码 名称”）")
        load.add_argument("file")
        load.add_argument("--list", required=True, help="代码表年度，如 2025")
        load.add_argument("--renames", default="", help="改码：旧代码:新代码,旧代码:新代码")
        zone = sub.add_parser("add-zone", help="在地级市或县区下添加功能区（高新区、经开区、园区）")
        zone.add_argument("--parent", required=True)
        zone.add_argument("--code", required=True)
        zone.add_argument("--name", required=True)
        peers = sub.add_parser("peer-group", help="设置某地区下级构成的比较组及第一方阵名次K")
        peers.add_argument("--parent", required=True)
        peers.add_argument("--name", required=True)
        peers.add_argument("--k", type=int, default=3)

    def handle(self, *args: object, **options: str) -> None:
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(options)
        except RegionListError as error:
            raise CommandError(str(error)) from error

    def _load(self, options: dict) -> None:
        renames = dict(pair.split(":", 1) for pair in options["renames"].split(",") if pair)
        with Path(options["file"]).open(encoding="utf-8") as lines:
            report = load_region_list(
                parse_region_list(lines), list_name=options["list"], renames=renames
            )
        self.stdout.write(
            f"代码表{report.list_name}：新增{len(report.added)}个，更名{len(report.renamed)}个，"
            f"改码{len(report.recoded)}个，撤销{len(report.retired)}个（撤销的代码保留在沿革中）"
        )
        for line in report.renamed + report.recoded:
            self.stdout.write(f"  {line}")

    def _add_zone(self, options: dict) -> None:
        parent = self._region(options["parent"])
        zone = add_zone(parent=parent, code=options["code"], name=options["name"])
        self.stdout.write(f"已添加功能区 {zone}，上级 {parent}")

    def _peer_group(self, options: dict) -> None:
        group = set_peer_group(
            parent=self._region(options["parent"]), name=options["name"], k=options["k"]
        )
        self.stdout.write(f"比较组“{group.name}”：第一方阵为前{group.first_tier_size}名")

    def _region(self, code: str):
        region = region_by_code(code)
        if region is None:
            raise CommandError(f"地区代码{code}不存在")
        return region
