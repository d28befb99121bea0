"""Users with roles and scope, and the audit log written by every service that changes data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction

from diaodu.accounts.models import AuditEntry, Profile, Unit

if TYPE_CHECKING:
    from diaodu.regions.models import Region


def audit(
    *,
    actor: Any,
    action: str,
    target_type: str,
    target_id: object,
    summary: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Record one change; call inside the service's transaction so both land or neither."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target_type,
        target_id=str(target_id)[:64],
        summary=summary[:255],
        before=before,
        after=after,
    )


@transaction.atomic
def create_user_with_role(
    *,
    username: str,
    password: str,
    role: str,
    region: Region,
    unit: Unit | None = None,
    display_name: str = "",
    by: Any = None,
) -> Any:
    """A login with its role and region scope (and unit, for a responsible unit's user)."""
    if role not in Profile.Role.values:
        raise ValueError(f"未知角色：{role}")
    if role == Profile.Role.UNIT and unit is None:
        raise ValueError("责任单位用户必须指定所属单位")
    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        first_name=display_name,
        is_staff=role == Profile.Role.CITY_ADMIN,
    )
    Profile.objects.create(user=user, role=role, region=region, unit=unit)
    audit(
        actor=by,
        action="create_user",
        target_type="User",
        target_id=username,
        after={"role": role, "region": region.code, "unit": unit.name if unit else None},
    )
    return user
