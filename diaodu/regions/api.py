"""JSON API of the region tree (scoped to the user's region)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from diaodu.regions.selectors import children_of, region_for_user

router = Router(tags=["地区"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None


class RegionDetailOut(RegionOut):
    children: list[RegionOut]


def _region_out(region) -> dict:
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "parent_code": region.parent.code if region.parent_id else None,
    }


@router.get("/regions/{code}", response=RegionDetailOut, summary="地区及其直接下级")
def get_region(request: HttpRequest, code: str):
    region = region_for_user(request.user, code)
    return {**_region_out(region), "children": [_region_out(c) for c in children_of(region)]}
