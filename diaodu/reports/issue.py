"""Issuing (签发) a bulletin freezes it; revisions show what has changed since.

Official statistics never change silently: a re-import after issue changes the live
figures, never the issued document, and `revisions` lists every figure the bulletin was
written from whose value now differs, with before, after and the difference."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from diaodu.accounts.models import Profile
from diaodu.accounts.services import audit
from diaodu.analysis.summary import dispatch_summary, summary_as_json
from diaodu.core.periods import Period
from diaodu.regions.models import Region
from diaodu.regions.selectors import is_within
from diaodu.reports.bulletin import build_bulletin
from diaodu.reports.docx import write_docx
from diaodu.reports.models import IssuedBulletin

# Figures equal to this are the same number (floats of exact decimals in JSON).
SAME = 1e-9

LABELS = {
    "output.month.current": "当月产值（万元）",
    "output.month.prior": "上年同月产值（万元）",
    "output.month.growth": "当月增速（%）",
    "output.ytd.current": "累计产值（万元）",
    "output.ytd.prior": "上年同期累计产值（万元）",
    "output.ytd.growth": "累计增速（%）",
    "output.ytd_growth_change": "较上期变化（百分点）",
    "output.base_change": "基数变化（万元）",
    "enterprises": "企业户数",
    "ytd_current": "累计产值（万元）",
    "ytd_prior": "上年同期（万元）",
    "ytd_growth": "累计增速（%）",
    "ytd_growth_change": "较上期变化（百分点）",
    "share": "比重（%）",
    "rank": "位次",
    "pull": "拉动（百分点）",
    "contribution": "贡献率（%）",
    "count": "户数",
    "decliners.count": "下拉企业户数",
    "decliners.stopped": "停产企业户数",
    "decliners.half_stopped": "半停产企业户数",
    "decliners.reduced": "减产企业户数",
    "decliners.recovering": "恢复中企业户数",
    "decliners.pull": "下拉企业拉动（百分点）",
    "retained_exits.count": "退库留基户数",
    "retained_exits.pull": "退库留基拉动（百分点）",
}


def figures_of(region: Region, period: Period) -> dict[str, Any]:
    """The numbers a bulletin is written from: the dispatch summary as the API gives it."""
    return summary_as_json(dispatch_summary(region=region, period=period))


def may_issue(user: Any, region: Region) -> bool:
    profile: Profile | None = getattr(user, "profile", None)
    if profile is None:
        return bool(getattr(user, "is_superuser", False))
    return profile.role in (Profile.Role.CITY_ADMIN, Profile.Role.CITY_ANALYST) and is_within(
        region, profile.region
    )


@transaction.atomic
def issue_bulletin(region: Region, period: Period, *, by: Any, note: str = "") -> IssuedBulletin:
    if not may_issue(by, region):
        raise PermissionError("无权签发该地区的通报")
    bulletin = build_bulletin(region, period)
    buffer = io.BytesIO()
    write_docx(bulletin, buffer)
    last = IssuedBulletin.objects.filter(region=region, period=period.key).aggregate(
        version=Max("version")
    )["version"]
    issued = IssuedBulletin.objects.create(
        region=region,
        period=period.key,
        version=(last or 0) + 1,
        title=bulletin.title,
        document=buffer.getvalue(),
        figures=figures_of(region, period),
        issued_by=by if getattr(by, "is_authenticated", False) else None,
        note=note,
    )
    audit(
        actor=by,
        action="issue_bulletin",
        target_type="IssuedBulletin",
        target_id=issued.pk,
        summary=f"签发{issued}",
    )
    return issued


@dataclass(frozen=True)
class Revision:
    what: str  # 汉滨区 累计增速（%）
    issued: float | None
    now: float | None

    @property
    def difference(self) -> float | None:
        if self.issued is None or self.now is None:
            return None
        return self.now - self.issued


def revisions(issued: IssuedBulletin) -> list[Revision]:
    """Every figure of the issued bulletin whose value differs now."""
    region = issued.region
    now = figures_of(region, Period.from_key(issued.period))
    found: list[Revision] = []
    _compare(issued.figures, now, region.name, "", found)
    return found


def _compare(before: Any, after: Any, who: str, path: str, found: list[Revision]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            if key in ("region", "period", "ytd_label", "code", "name"):
                continue
            _compare(before.get(key), after.get(key), who, f"{path}.{key}".lstrip("."), found)
        return
    if isinstance(before, list) or isinstance(after, list):
        _compare_lines(before or [], after or [], path, found)
        return
    if isinstance(before, bool | str) or isinstance(after, bool | str):
        return
    if before is None and after is None:
        return
    if before is None or after is None or abs(float(before) - float(after)) > SAME:
        label = LABELS.get(path) or LABELS.get(path.rsplit(".", 1)[-1], path)
        found.append(Revision(f"{who} {label}", before, after))


def _compare_lines(before: list, after: list, path: str, found: list[Revision]) -> None:
    """Sub-regions and industries, matched by code (a line may appear or vanish)."""
    old = {line.get("code"): line for line in before if isinstance(line, dict)}
    new = {line.get("code"): line for line in after if isinstance(line, dict)}
    for code in sorted(set(old) | set(new), key=str):
        line = new.get(code) or old.get(code) or {}
        _compare(old.get(code, {}), new.get(code, {}), str(line.get("name", code)), "", found)
