"""Every saved or deleted region raises the regions' revision number (RegionsRevision):
the region-tree caches of all worker processes see the change on their next read."""

from __future__ import annotations

from typing import Any

from django.db.models import F


def region_changed(**_signal: Any) -> None:
    from diaodu.regions.models import RegionsRevision

    if not RegionsRevision.objects.filter(pk=1).update(number=F("number") + 1):
        RegionsRevision.objects.get_or_create(pk=1, defaults={"number": 1})
