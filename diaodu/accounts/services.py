"""The audit log, written by every service that changes data."""

from __future__ import annotations

from typing import Any

from diaodu.accounts.models import AuditEntry


def audit(
    *, actor: Any, action: str, target_type: str, target_id: object, summary: str = "",
    before: Any = None, after: Any = None,
) -> AuditEntry:
    """Record one change; call inside the service's transaction so both land or neither."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action, target_type=target_type, target_id=str(target_id)[:64],
        summary=summary[:255], before=before, after=after,
    )
