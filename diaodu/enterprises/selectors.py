"""Reads of enterprises, through the one access helper that enforces region scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from diaodu.accounts.models import Profile
from diaodu.enterprises.models import Enterprise, EnterpriseGroup, LiaisonNote, MonthlyFact
from diaodu.regions.selectors import descendant_ids, user_region


def enterprises_for_user(user: Any) -> QuerySet[Enterprise]:
    """The enterprises a user may read: those filed in the user's region or below it.

    A responsible unit's user reads no enterprise books: units see the appeals assigned
    to them, not the statistics."""
    region = user_region(user)
    profile = getattr(user, "profile", None)
    if region is None or (profile is not None and profile.role == Profile.Role.UNIT):
        return Enterprise.objects.none()
    if region.code == "100000":
        return Enterprise.objects.all()
    return Enterprise.objects.filter(county_id__in=descendant_ids(region))


def enterprise_for_user(user: Any, uscc: str) -> Enterprise:
    """One enterprise, or 404 — also when it exists in another county (existence is not leaked)."""
    enterprise = (
        enterprises_for_user(user).select_related("county", "industry").filter(uscc=uscc).first()
    )
    if enterprise is None:
        raise Http404("企业不存在")
    return enterprise


def enterprise_facts(enterprise: Enterprise) -> QuerySet[MonthlyFact]:
    return MonthlyFact.objects.filter(enterprise=enterprise).order_by("period")


def group_member_ids(group: EnterpriseGroup, on: dt.date) -> set[int]:
    """The enterprises in a group on a day (recognised by then and not yet ended)."""
    return set(
        group.memberships.filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("enterprise_id", flat=True)
    )


def liaison_notes(enterprise: Enterprise) -> QuerySet[LiaisonNote]:
    """An enterprise's visits and calls, newest first; load the enterprise through
    enterprise_for_user first: the notes are as private as the enterprise."""
    return (
        LiaisonNote.objects.filter(enterprise=enterprise)
        .select_related("user", "user__profile")
        .order_by("-date", "-created_at", "-pk")
    )
