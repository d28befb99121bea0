"""What a user's role lets the pages show. The services enforce every rule again: these
only keep the pages from offering a link or a form the user would be refused."""

from __future__ import annotations

from typing import Any

from diaodu.accounts.models import Profile

CITY_ROLES = (Profile.Role.CITY_ADMIN, Profile.Role.CITY_ANALYST)


def role_of(user: Any) -> str:
    """The profile's role; a superuser without a profile acts as a city administrator."""
    profile = getattr(user, "profile", None)
    if profile is not None:
        return str(profile.role)
    return Profile.Role.CITY_ADMIN if getattr(user, "is_superuser", False) else ""


def reads_figures(user: Any) -> bool:
    """Responsible units see their appeals and projects, not the enterprise statistics."""
    return role_of(user) not in ("", Profile.Role.UNIT)


def writes(user: Any) -> bool:
    """Leaders read only."""
    return role_of(user) not in ("", Profile.Role.LEADER)


def is_city(user: Any) -> bool:
    return role_of(user) in CITY_ROLES


def manages_appeals(user: Any) -> bool:
    """City staff and county bureaus assign, close and reopen appeals (within their region)."""
    return role_of(user) in (*CITY_ROLES, Profile.Role.COUNTY_USER)


def unit_id(user: Any) -> int | None:
    profile = getattr(user, "profile", None)
    if profile is None or profile.role != Profile.Role.UNIT:
        return None
    return profile.unit_id


def sets_targets(user: Any) -> bool:
    """City staff and county bureaus set and hand down targets (within their region)."""
    return role_of(user) in (*CITY_ROLES, Profile.Role.COUNTY_USER)
