"""Writes to industries, enterprises, the directory and groups."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from diaodu.accounts.models import Profile
from diaodu.accounts.services import audit
from diaodu.core.codes import INDUSTRIAL_DIVISIONS
from diaodu.enterprises.models import (
    Enterprise,
    EnterpriseGroup,
    GroupMembership,
    Industry,
    LiaisonNote,
)
from diaodu.enterprises.selectors import enterprises_for_user

SHIPPED_INDUSTRIES = Path(__file__).parent / "data" / "gbt4754-2017-industries.json"
INDUSTRIAL_SECTIONS = ("B", "C", "D")


class IndustryTreeError(ValueError):
    pass


class GroupError(ValueError):
    pass


class LiaisonNoteError(ValueError):
    """A liaison note that cannot be recorded; the message says why, in Chinese."""


def flatten_industries(tree: list[dict[str, Any]]) -> list[tuple[str, str, str, str | None]]:
    """(code, name, level, parent) for 门类 B, C, D, validated, with implied 小类 added.

    A 中类 that is not divided further has the 小类 `中类 + 0` (367 → 3670); a 大类
    not divided at all has 中类 `大类 + 0` and 小类 `大类 + 00`."""
    rows: list[tuple[str, str, str, str | None]] = []
    levels = ("section", "division", "group", "class")

    def walk(node: dict[str, Any], depth: int, parent: str | None) -> None:
        code, name = str(node.get("value", "")), str(node.get("text", "")).strip()
        expected_length = (1, 2, 3, 4)[depth]
        ok = len(code) == expected_length and bool(name)
        ok = ok and (code.isalpha() if depth == 0 else code.isdigit())
        ok = ok and (depth <= 1 or code.startswith(parent or ""))
        if not ok:
            raise IndustryTreeError(f"行业代码表中的“{code} {name}”不符合上级“{parent}”的编码规则")
        rows.append((code, name, levels[depth], parent))
        children = node.get("children") or []
        if depth == 1 and not (INDUSTRIAL_DIVISIONS.start <= int(code) < INDUSTRIAL_DIVISIONS.stop):
            raise IndustryTreeError(f"大类{code}不属于工业")
        if not children and depth in (1, 2):
            walk({"value": code + "0", "text": name, "children": []}, depth + 1, code)
        for child in children:
            walk(child, depth + 1, code)

    for section in tree:
        if section.get("value") in INDUSTRIAL_SECTIONS:
            walk(section, 0, None)
    return rows


@transaction.atomic
def load_industries(tree: list[dict[str, Any]]) -> int:
    """Create the industries the tree names that are not there yet; returns how many."""
    known = set(Industry.objects.values_list("code", flat=True))
    new = [
        Industry(code=code, name=name, level=level, parent_id=parent)
        for code, name, level, parent in flatten_industries(tree)
        if code not in known
    ]
    Industry.objects.bulk_create(new)
    return len(new)


def load_shipped_industries() -> int:
    if Industry.objects.exists():
        return 0
    return load_industries(json.loads(SHIPPED_INDUSTRIES.read_text(encoding="utf-8")))


@transaction.atomic
def add_to_group(
    *,
    group: EnterpriseGroup,
    enterprise: Enterprise,
    start_date: dt.date,
    tier: str = "",
    by: Any = None,
) -> GroupMembership:
    """Enter an enterprise in a group (白名单, 高新技术企业, 专精特新…) from a date.

    An enterprise is in a group once at a time: entering it again while a membership is
    open is refused, so counts by group never double an enterprise."""
    if group.memberships.filter(enterprise=enterprise, end_date__isnull=True).exists():
        raise GroupError(f"{enterprise.name}已在“{group.name}”中")
    membership = GroupMembership.objects.create(
        group=group, enterprise=enterprise, start_date=start_date, tier=tier
    )
    audit(
        actor=by,
        action="add_to_group",
        target_type="EnterpriseGroup",
        target_id=group.pk,
        summary=f"{enterprise.name}列入{group.name}",
        after={"uscc": enterprise.uscc, "start_date": start_date.isoformat(), "tier": tier},
    )
    return membership


@transaction.atomic
def end_group_membership(*, membership: GroupMembership, end_date: dt.date, by: Any = None) -> None:
    if end_date < membership.start_date:
        raise GroupError("终止日期不能早于认定日期")
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    audit(
        actor=by,
        action="end_group_membership",
        target_type="EnterpriseGroup",
        target_id=membership.group_id,
        summary=f"{membership.enterprise.name}移出{membership.group.name}",
        after={"uscc": membership.enterprise.uscc, "end_date": end_date.isoformat()},
    )


# --- liaison notes (走访/联系记录) ------------------------------------------------------------

# Who records visits and calls: city staff and county bureaus; a leader reads, a responsible
# unit reads no enterprise books at all.
NOTE_ROLES = (Profile.Role.CITY_ADMIN, Profile.Role.CITY_ANALYST, Profile.Role.COUNTY_USER)
NOTE_LENGTH = 2000


def may_add_liaison_note(user: Any, enterprise: Enterprise) -> bool:
    """A role that records notes, and the enterprise within the user's region."""
    profile = getattr(user, "profile", None)
    if profile is None:
        allowed = bool(getattr(user, "is_superuser", False))
    else:
        allowed = profile.role in NOTE_ROLES
    return allowed and enterprises_for_user(user).filter(pk=enterprise.pk).exists()


@transaction.atomic
def add_liaison_note(
    *,
    enterprise: Enterprise,
    on: dt.date,
    kind: str,
    content: str,
    follow_up: bool = False,
    by: Any,
) -> LiaisonNote:
    """Record a visit, call or meeting with an enterprise; audited like every change."""
    if not may_add_liaison_note(by, enterprise):
        raise PermissionError(f"无权为{enterprise.name}添加走访联系记录")
    if kind not in LiaisonNote.Kind.values:
        raise LiaisonNoteError(f"联系方式应为：{'、'.join(LiaisonNote.Kind.labels)}")
    content = content.strip()
    if not content:
        raise LiaisonNoteError("请填写走访或联系的内容")
    if len(content) > NOTE_LENGTH:
        raise LiaisonNoteError(f"内容不能超过{NOTE_LENGTH}字")
    if on > timezone.localdate():
        raise LiaisonNoteError("日期不能晚于今天")
    note = LiaisonNote.objects.create(
        enterprise=enterprise, date=on, kind=kind, user=by, content=content, follow_up=follow_up
    )
    audit(
        actor=by,
        action="add_liaison_note",
        target_type="LiaisonNote",
        target_id=note.pk,
        summary=f"{enterprise.name}：{note.get_kind_display()}记录（{on.isoformat()}）",
        after={
            "uscc": enterprise.uscc,
            "date": on.isoformat(),
            "kind": kind,
            "content": content,
            "follow_up": follow_up,
        },
    )
    return note
