"""Reads of the region tree, and the one place region scope is enforced."""

from __future__ import annotations

from django.http import Http404

from diaodu.regions.models import Region, RegionCode


def region_by_code(code: str) -> Region | None:
    """The region a code names today, following the code history (retired codes too)."""
    region = Region.objects.filter(code=code).first()
    if region is not None:
        return region
    old = RegionCode.objects.select_related("region").filter(code=code).first()
    return old.region if old else None


def children_of(region: Region) -> list[Region]:
    return list(Region.objects.filter(parent=region, retired=False).order_by("code"))


def descendant_ids(region: Region) -> set[int]:
    """The region and everything below it (a few thousand ids at most: the nation)."""
    parent_of = dict(Region.objects.values_list("id", "parent_id"))
    children: dict[int | None, list[int]] = {}
    for child, parent in parent_of.items():
        children.setdefault(parent, []).append(child)
    found = {region.id}
    stack = [region.id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def is_within(region: Region, ancestor: Region) -> bool:
    node: Region | None = region
    while node is not None:
        if node.pk == ancestor.pk:
            return True
        node = node.parent
    return False


def user_region(user) -> Region | None:
    """The region a user answers for; superusers see the nation."""
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.region
    if getattr(user, "is_superuser", False):
        return Region.objects.get(code="100000")
    return None


def region_for_user(user, code: str) -> Region:
    """The region `code` if the user may see it, else 404 (existence is not leaked)."""
    home = user_region(user)
    region = region_by_code(code)
    if home is None or region is None or not is_within(region, home):
        raise Http404("地区不存在")
    return region
