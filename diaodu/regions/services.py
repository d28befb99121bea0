"""Writes to the region tree: loading a GB/T 2260 list, adding zones, peer groups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from diaodu.accounts.services import audit
from diaodu.core.codes import NATION_CODE, region_code_error, region_level
from diaodu.regions.models import Indicator, PeerGroup, Region, RegionCode

SHIPPED_REGION_LIST = Path(__file__).parent / "data" / "gbt2260-regions-2024.txt"
SHIPPED_LIST_NAME = "2024"

# contracts/region-indicators.md: the catalogue seeded on migrate (name, unit).
SEEDED_INDICATORS = [
    ("规上工业增加值", "亿元"),
    ("规上工业总产值", "亿元"),
    ("工业投资", "亿元"),
    ("技改投资", "亿元"),
    ("地区生产总值", "亿元"),
    ("全部工业增加值", "亿元"),
    ("非公经济增加值", "亿元"),
    ("制造业增加值占比", "%"),
    ("规上工业企业数", "户"),
    ("标准化厂房新建面积", "万平方米"),
    ("5G基站新建数", "个"),
    ("千兆光纤端口新增数", "万个"),
    ("工业用电量", "亿千瓦时"),
]


class RegionListError(ValueError):
    pass


@dataclass
class RegionListReport:
    list_name: str
    added: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    recoded: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


def parse_region_list(lines: Iterable[str]) -> dict[str, str]:
    """`CODE NAME` lines → {code: name}; every bad line is reported with its number."""
    entries: dict[str, str] = {}
    problems = []
    for number, line in enumerate(lines, start=1):
        text = line.strip().lstrip("\ufeff")
        if not text:
            continue
        code, _, name = text.partition(" ")
        name = name.strip()
        if error := region_code_error(code):
            problems.append(f"第{number}行：代码“{code}”{error}")
        elif not name:
            problems.append(f"第{number}行：代码{code}缺少名称")
        elif code in entries:
            problems.append(f"第{number}行：代码{code}重复")
        else:
            entries[code] = name
    if problems:
        raise RegionListError("；".join(problems))
    return entries


def _parent_code(code: str, codes: dict[str, str]) -> str:
    """The nearest existing ancestor by code shape: city PPCC00, else province PP0000."""
    level = region_level(code)
    if level == "province":
        return NATION_CODE
    if level == "county" and f"{code[:4]}00" in codes:
        return f"{code[:4]}00"
    return f"{code[:2]}0000"


@transaction.atomic
def load_region_list(
    entries: dict[str, str], *, list_name: str, renames: dict[str, str] | None = None
) -> RegionListReport:
    """Bring the tree up to an official list; idempotent; nothing is ever deleted.

    `renames` maps an old code to its successor: the region (and every enterprise
    and fact filed under it) moves to the new code, the old code stays in the history."""
    report = RegionListReport(list_name)
    renames = renames or {}
    nation, _ = Region.objects.get_or_create(
        code=NATION_CODE,
        defaults={"name": "全国", "level": Region.Level.NATION, "source": "GB/T 2260"},
    )
    by_code = {region.code: region for region in Region.objects.filter(is_official=True)}
    for old, new in renames.items():
        region = by_code.get(old)
        if region is None or new not in entries or new in by_code:
            raise RegionListError(
                f"无法将代码{old}改为{new}：旧代码不存在，或新代码不在代码表中或已被占用"
            )
        region.code = new
        region.save(update_fields=["code"])
        by_code[new] = by_code.pop(old)
        report.recoded.append(f"{old}→{new}")

    existing_codes = {rc.code: rc for rc in RegionCode.objects.all()}
    new_regions = []
    # Parents before children: provinces, then cities, then counties.
    order = {"province": 0, "city": 1, "county": 2}
    for code in sorted(entries, key=lambda c: (order[region_level(c)], c)):
        name = entries[code]
        region = by_code.get(code)
        if region is None:
            # A code seen before under another region (retired and re-used) stays with that history.
            region = Region(
                code=code, name=name, level=region_level(code), source=f"GB/T 2260-{list_name}"
            )
            new_regions.append(region)
            by_code[code] = region
            report.added.append(code)
        elif region.name != name or region.retired:
            if region.name != name:
                report.renamed.append(f"{code} {region.name}→{name}")
            region.name = name
            region.retired = False
            region.save(update_fields=["name", "retired"])
    for region in new_regions:
        parent_code = _parent_code(region.code, entries)
        region.parent = nation if parent_code == NATION_CODE else by_code[parent_code]
        region.save()

    for code, region in by_code.items():
        if code not in entries and not region.retired:
            region.retired = True
            region.save(update_fields=["retired"])
            report.retired.append(code)

    history = []
    for code, name in entries.items():
        known = existing_codes.get(code)
        if known is None:
            history.append(
                RegionCode(
                    region=by_code[code],
                    code=code,
                    name=name,
                    first_list=list_name,
                    last_list=list_name,
                )
            )
        elif known.last_list != list_name or known.name != name:
            known.last_list = list_name
            known.name = name
            known.save(update_fields=["last_list", "name"])
    RegionCode.objects.bulk_create(history)
    if report.added or report.renamed or report.recoded or report.retired:
        audit(
            actor=None,
            action="load_region_list",
            target_type="RegionList",
            target_id=list_name,
            summary=f"新增{len(report.added)}、更名{len(report.renamed)}、改码{len(report.recoded)}、撤销{len(report.retired)}",
        )
    return report


def load_shipped_regions() -> RegionListReport | None:
    """The 2024 list, unless it is loaded already (run by `diaodu migrate`)."""
    if RegionCode.objects.filter(last_list__gte=SHIPPED_LIST_NAME).exists():
        return None
    with SHIPPED_REGION_LIST.open(encoding="utf-8") as lines:
        return load_region_list(parse_region_list(lines), list_name=SHIPPED_LIST_NAME)


def seed_indicators() -> None:
    for name, unit in SEEDED_INDICATORS:
        Indicator.objects.get_or_create(name=name, defaults={"unit": unit, "seeded": True})


@transaction.atomic
def add_zone(
    *, parent: Region, code: str, name: str, by: Any = None, is_demo: bool = False
) -> Region:
    """A zone without a GB/T 2260 code (高新区, 经开区, 园区) under a city or county."""
    if parent.level not in (Region.Level.CITY, Region.Level.COUNTY, Region.Level.ZONE):
        raise RegionListError("功能区只能设在地级市或县区之下")
    if Region.objects.filter(code=code).exists() or RegionCode.objects.filter(code=code).exists():
        raise RegionListError(f"代码{code}已被使用")
    zone = Region.objects.create(
        code=code,
        name=name,
        level=Region.Level.ZONE,
        parent=parent,
        is_official=False,
        source="用户添加",
        is_demo=is_demo,
    )
    RegionCode.objects.create(
        region=zone, code=code, name=name, first_list="用户", last_list="用户"
    )
    audit(
        actor=by,
        action="add_zone",
        target_type="Region",
        target_id=code,
        after={"name": name, "parent": parent.code},
    )
    return zone


def peer_group_for_children(parent: Region) -> PeerGroup | None:
    return PeerGroup.objects.filter(parent=parent).first()


@transaction.atomic
def set_peer_group(*, parent: Region, name: str, k: int, by: Any = None) -> PeerGroup:
    """The peer group formed by `parent`'s children, with its first-tier size K."""
    if k < 1:
        raise RegionListError("第一方阵名次K至少为1")
    group = PeerGroup.objects.filter(parent=parent).first()
    before = {"name": group.name, "k": group.first_tier_size} if group else None
    if group is None:
        group = PeerGroup(parent=parent)
    group.name, group.first_tier_size = name, k
    group.save()
    audit(
        actor=by,
        action="set_peer_group",
        target_type="PeerGroup",
        target_id=parent.code,
        before=before,
        after={"name": name, "k": k},
    )
    return group


def first_tier_size(parent: Region) -> int:
    """K of the peer group of `parent`'s children (default 3: contracts/region-indicators.md)."""
    group = PeerGroup.objects.filter(parent=parent).first()
    return group.first_tier_size if group else 3


def load_reference_data() -> None:
    """Regions, industries and the indicator catalogue, each only if missing (idempotent)."""
    from diaodu.enterprises.services import load_shipped_industries

    load_shipped_regions()
    load_shipped_industries()
    seed_indicators()
