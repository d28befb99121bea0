"""Raising warnings from the rules, and moving them along: 发送, 反馈, 关闭.

`evaluate` is safe to run again and again (from `diaodu tick` every few minutes): a
warning is found by its key; a new one is created once, an existing one changes only
when its level moves (with a history row), and a closed one stays closed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from diaodu.accounts.models import Profile
from diaodu.accounts.services import audit
from diaodu.analysis import queries
from diaodu.core.periods import Period
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids, is_within, user_region
from diaodu.warnings.models import Rule, Warning, WarningEvent
from diaodu.warnings.rules import RULES, Finding

CITY_ROLES = (Profile.Role.CITY_ADMIN, Profile.Role.CITY_ANALYST)


class WarningError(ValueError):
    """A step that cannot be taken; the message says why, in Chinese."""


def visible_warnings(user: Any) -> QuerySet[Warning]:
    """A unit sees the warnings addressed to it; everyone else their region's."""
    profile: Profile | None = getattr(user, "profile", None)
    warnings = Warning.objects.select_related("rule", "region", "unit")
    if profile is not None and profile.role == Profile.Role.UNIT:
        return warnings.filter(unit_id=profile.unit_id) if profile.unit_id else warnings.none()
    home = user_region(user)
    if home is None:
        return warnings.none()
    return warnings.filter(region_id__in=descendant_ids(home))


def _event(warning: Warning, kind: str, *, by: Any = None, text: str = "") -> None:
    WarningEvent.objects.create(
        warning=warning,
        kind=kind,
        by=by if getattr(by, "is_authenticated", False) else None,
        text=text,
    )
    audit(
        actor=by,
        action=f"warning_{kind}",
        target_type="Warning",
        target_id=warning.key,
        summary=f"{WarningEvent.Kind(kind).label}：{warning.title}",
        after={"level": warning.level, "state": warning.state},
    )


@transaction.atomic
def evaluate(region: Region, period: Period, today: dt.date | None = None) -> Counter[str]:
    """Run every active rule for the region and period; returns {"raised": n, "relevelled": n}."""
    today = today or timezone.localdate()
    counts: Counter[str] = Counter()
    for rule in Rule.objects.filter(active=True):
        for finding in RULES[rule.kind](rule, region, period, today):
            counts[_upsert(rule, finding, today)] += 1
    return counts


def _upsert(rule: Rule, finding: Finding, today: dt.date) -> str:
    existing = Warning.objects.filter(key=finding.key).first()
    if existing is None:
        warning = Warning.objects.create(
            rule=rule,
            key=finding.key,
            level=finding.level,
            title=finding.title,
            subject_type=finding.subject_type,
            subject_id=finding.subject_id,
            subject_name=finding.subject_name,
            region=finding.region,
            unit_id=finding.unit_id,
            responsible=finding.responsible,
            period=finding.period,
            evidence=finding.evidence,
            raised_on=today,
        )
        _event(warning, WarningEvent.Kind.RAISE, text=finding.title)
        return "raised"
    if existing.state == Warning.State.CLOSED or (
        existing.level == finding.level and existing.evidence == finding.evidence
    ):
        return "unchanged"
    relevelled = existing.level != finding.level
    before = existing.get_level_display()
    existing.level, existing.title, existing.evidence = (
        finding.level,
        finding.title,
        finding.evidence,
    )
    existing.save()
    if relevelled:
        _event(
            existing,
            WarningEvent.Kind.RELEVEL,
            text=f"{before} → {existing.get_level_display()}",
        )
        return "relevelled"
    return "updated"


def evaluate_latest(today: dt.date) -> int:
    """The tick job: every city and county with figures, at its latest imported month."""
    latest = queries.latest_period(None)
    if latest is None:
        return 0
    period = Period.from_key(latest)
    cities = Region.objects.filter(level=Region.Level.CITY, retired=False).filter(
        pk__in=_regions_with_figures(latest)
    )
    counts: Counter[str] = Counter()
    for city in cities:
        counts.update(evaluate(city, period, today))
    return counts["raised"] + counts["relevelled"]


def _regions_with_figures(period: int) -> set[int]:
    """The cities above the counties that reported in the month."""
    from diaodu.enterprises.models import MonthlyFact

    county_ids = set(
        MonthlyFact.objects.filter(period=period).values_list("county_id", flat=True).distinct()
    )
    parents = set(Region.objects.filter(pk__in=county_ids).values_list("parent_id", flat=True))
    grand = set(Region.objects.filter(pk__in=parents).values_list("parent_id", flat=True))
    return {pk for pk in parents | grand if pk is not None}


# --- moving a warning along ----------------------------------------------------------------


def _is_city_staff(user: Any, warning: Warning) -> bool:
    profile: Profile | None = getattr(user, "profile", None)
    if profile is None:
        return bool(getattr(user, "is_superuser", False))
    return profile.role in CITY_ROLES and is_within(warning.region, profile.region)


def _answers_for(user: Any, warning: Warning) -> bool:
    """The responsible party: the county's users, or the unit's, or city staff."""
    profile: Profile | None = getattr(user, "profile", None)
    if profile is None:
        return bool(getattr(user, "is_superuser", False))
    if profile.role == Profile.Role.UNIT:
        return warning.unit_id is not None and warning.unit_id == profile.unit_id
    if profile.role == Profile.Role.COUNTY_USER:
        return is_within(warning.region, profile.region)
    return _is_city_staff(user, warning)


@transaction.atomic
def send(warning: Warning, *, by: Any, text: str = "") -> Warning:
    """发送 to the responsible party (预警提醒 — what W02 counts)."""
    if not _is_city_staff(by, warning):
        raise PermissionError("无权发送预警")
    if warning.state != Warning.State.NEW:
        raise WarningError("只有新预警可以发送")
    warning.state = Warning.State.SENT
    warning.save()
    _event(warning, WarningEvent.Kind.SEND, by=by, text=text or warning.responsible)
    return warning


@transaction.atomic
def acknowledge(warning: Warning, *, by: Any, reply: str) -> Warning:
    """反馈: the responsible party says what it is doing about it."""
    if not _answers_for(by, warning):
        raise PermissionError("无权反馈该预警")
    if warning.state not in (Warning.State.NEW, Warning.State.SENT):
        raise WarningError("该预警已反馈或已关闭")
    if not reply.strip():
        raise WarningError("反馈内容不能为空")
    warning.state, warning.reply = Warning.State.ACKNOWLEDGED, reply.strip()
    warning.save()
    _event(warning, WarningEvent.Kind.ACKNOWLEDGE, by=by, text=reply)
    return warning


@transaction.atomic
def close(warning: Warning, *, by: Any, text: str = "") -> Warning:
    if not _is_city_staff(by, warning):
        raise PermissionError("无权关闭预警")
    if warning.state == Warning.State.CLOSED:
        raise WarningError("该预警已关闭")
    warning.state = Warning.State.CLOSED
    warning.save()
    _event(warning, WarningEvent.Kind.CLOSE, by=by, text=text)
    return warning


def sent_count(region: Region, start: dt.date, end: dt.date) -> int:
    """W02 "X次预警提醒": warnings sent to the region's parties in the window."""
    return WarningEvent.objects.filter(
        kind=WarningEvent.Kind.SEND,
        at__date__gte=start,
        at__date__lte=end,
        warning__region_id__in=descendant_ids(region),
    ).count()
