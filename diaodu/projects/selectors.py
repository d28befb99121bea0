"""Which projects a user may see and change: the one place project scope is enforced."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from diaodu.accounts.models import Profile, Unit
from diaodu.projects.models import Project
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids, user_region


def visible_projects(user: Any) -> QuerySet[Project]:
    """City and county roles (and leaders): projects located within their region, zones
    included; a responsible unit's users: the projects their unit answers for."""
    profile = getattr(user, "profile", None)
    if profile is not None and profile.role == Profile.Role.UNIT:
        if profile.unit_id is None:
            return Project.objects.none()
        return Project.objects.filter(unit_id=profile.unit_id)
    home = user_region(user)
    if home is None:
        return Project.objects.none()
    return Project.objects.filter(region_id__in=descendant_ids(home))


def project_for_user(user: Any, project_id: int) -> Project:
    """The project if the user may see it, else 404: a project elsewhere is not leaked."""
    project = (
        visible_projects(user)
        .select_related("region", "unit", "industry", "enterprise")
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise Http404("项目不存在")
    return project


def may_write(user: Any) -> bool:
    """Leaders read only; everyone else with a role may change the projects they see."""
    profile = getattr(user, "profile", None)
    if profile is not None:
        return bool(profile.can_write)
    return bool(getattr(user, "is_superuser", False))


def may_create(user: Any) -> bool:
    """New ledger lines come from the city and county bureaus, not from units or leaders."""
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.role in (
            Profile.Role.CITY_ADMIN,
            Profile.Role.CITY_ANALYST,
            Profile.Role.COUNTY_USER,
        )
    return bool(getattr(user, "is_superuser", False))


def unit_near(region: Region, name: str) -> Unit | None:
    """The unit of that name nearest a project's place: its county's, else its city's…"""
    node: Region | None = region
    while name and node is not None:
        unit = Unit.objects.filter(region=node, name=name).first()
        if unit is not None:
            return unit
        node = node.parent
    return None
