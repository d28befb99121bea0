"""Reads of import batches, scoped to the user's region."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from diaodu.ingest.models import ImportBatch
from diaodu.regions.selectors import descendant_ids, user_region


def batches_for_user(user: Any) -> QuerySet[ImportBatch]:
    """The batches a user may see: those whose counties all lie within the user's region
    (a batch's report names changed enterprises: a county must not see a city file that
    also covers its neighbours), and the ones the user imported itself, even if rejected.
    A responsible unit sees none."""
    region = user_region(user)
    profile = getattr(user, "profile", None)
    if region is None or (profile is not None and profile.role == "unit"):
        return ImportBatch.objects.none()
    if region.code == "100000":
        return ImportBatch.objects.all()
    within = descendant_ids(region)
    reaching_outside = ImportBatch.counties.through.objects.exclude(region_id__in=within).values(
        "importbatch_id"
    )
    inside = ImportBatch.objects.filter(counties__in=within).exclude(pk__in=reaching_outside)
    return (inside | ImportBatch.objects.filter(user=user)).distinct()


def batch_for_user(user: Any, batch_id: int) -> ImportBatch:
    batch = batches_for_user(user).filter(pk=batch_id).first()
    if batch is None:
        raise Http404("批次不存在")
    return batch


def may_import(user: Any) -> bool:
    profile = getattr(user, "profile", None)
    if profile is None:
        return bool(getattr(user, "is_superuser", False))
    return profile.role in ("city_admin", "city_analyst", "county_user")
