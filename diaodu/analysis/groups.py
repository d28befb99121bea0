"""A group of a region's enterprises against the region (M14, M15): 白名单, 高新技术企业,
专精特新 or any user-defined group (members on the period's last day), an ownership
(非公 = everything but 国有 and 集体), or an industry section such as 制造业.

Growth, share and pull use the same rules as the summary (analysis.rules): the group's
pull on the region's growth is its own change over the region's base."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from diaodu.analysis import queries
from diaodu.analysis.rules import change, growth, pull, share
from diaodu.analysis.summary import Tree
from diaodu.core.codes import NATION_CODE
from diaodu.core.money import fen_to_wan
from diaodu.core.periods import Period
from diaodu.enterprises.models import Enterprise, EnterpriseGroup
from diaodu.enterprises.selectors import group_member_ids
from diaodu.regions.models import Region

# Industry sections of GB/T 4754-2017 as divisions (大类).
SECTIONS = {
    "采矿业": (6, 12),
    "制造业": (13, 43),
    "电力、热力、燃气及水生产和供应业": (44, 46),
}
NON_PUBLIC = "非公"


class GroupError(ValueError):
    """A group that does not exist; the message is for users, in Chinese."""


@dataclass(frozen=True)
class GroupFigures:
    name: str
    enterprises: int
    ytd: int
    ytd_prior: int
    growth: Decimal | None
    region_growth: Decimal | None
    gap: Decimal | None  # group growth − region growth, pp
    share: Decimal | None  # of the region's YTD output, %
    pull: Decimal | None  # on the region's YTD growth, pp


def last_day(period: Period) -> dt.date:
    return dt.date(period.year, period.month, calendar.monthrange(period.year, period.month)[1])


def group_filter(group: str, period: Period) -> Q:
    """The facts of a group: by section, ownership (code or 非公) or EnterpriseGroup name."""
    if group in SECTIONS:
        low, high = SECTIONS[group]
        return Q(industry_division__in=[f"{d:02d}" for d in range(low, high + 1)])
    owners = {label: value for value, label in Enterprise.Ownership.choices}
    if group == NON_PUBLIC:
        public = [Enterprise.Ownership.STATE, Enterprise.Ownership.COLLECTIVE, ""]
        return ~Q(enterprise__ownership__in=public)
    if group in owners:
        return Q(enterprise__ownership=owners[group])
    found = EnterpriseGroup.objects.filter(name=group).first()
    if found is None:
        known = "、".join([*SECTIONS, NON_PUBLIC, *owners, "或已建立的企业分组名称"])
        raise GroupError(f"没有名为“{group}”的分组；可用：{known}")
    return Q(enterprise_id__in=group_member_ids(found, last_day(period)))


def group_figures(*, region: Region, period: Period, group: str) -> GroupFigures:
    scope = None if region.code == NATION_CODE else Tree().descendants(region.pk)
    members = group_filter(group, period)
    row = queries.facts_in(scope, period.key).aggregate(
        y=Sum("output_ytd"),
        yp=Sum("output_ytd_prior"),
        gn=Count("id", filter=members),
        gy=Sum("output_ytd", filter=members),
        gyp=Sum("output_ytd_prior", filter=members),
    )
    y, yp = row["y"] or 0, row["yp"] or 0
    gy, gyp = row["gy"] or 0, row["gyp"] or 0
    group_growth, region_growth = growth(gy, gyp), growth(y, yp)
    return GroupFigures(
        name=group,
        enterprises=row["gn"],
        ytd=gy,
        ytd_prior=gyp,
        growth=group_growth,
        region_growth=region_growth,
        gap=change(group_growth, region_growth),
        share=share(gy, y),
        pull=pull(gy, gyp, yp),
    )


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def group_as_json(result: GroupFigures) -> dict[str, Any]:
    return {
        "group": result.name,
        "enterprises": result.enterprises,
        "ytd": float(fen_to_wan(result.ytd)),
        "ytd_prior": float(fen_to_wan(result.ytd_prior)),
        "growth": _number(result.growth),
        "region_growth": _number(result.region_growth),
        "gap": _number(result.gap),
        "share": _number(result.share),
        "pull": _number(result.pull),
    }
