"""Reads of the region tree, and the one place region scope is enforced."""

from __future__ import annotations

from django.db.models import Count, Max
from django.http import Http404

from diaodu.core.memo import per_reading
from diaodu.regions.models import Region, RegionCode, RegionsRevision


def region_by_code(code: str) -> Region | None:
    """The region a code names today, following the code history (retired codes too)."""
    region = Region.objects.filter(code=code).first()
    if region is not None:
        return region
    old = RegionCode.objects.select_related("region").filter(code=code).first()
    return old.region if old else None


def children_of(region: Region) -> list[Region]:
    return list(Region.objects.filter(parent=region, retired=False).order_by("code"))


@per_reading
def regions_fingerprint() -> tuple:
    """A summary of the region table that changes with any change of it: the revision
    number every save or delete raises (RegionsRevision), and the count and highest id
    for rows added by other means. Read once per reading; two small queries instead of
    reading the few thousand rows again."""
    revision = RegionsRevision.objects.filter(pk=1).values_list("number", flat=True).first()
    counts = Region.objects.aggregate(n=Count("id"), top=Max("id"))
    return (revision, counts["n"], counts["top"])


# (fingerprint, parent id → child ids): the tree's shape, read again only when it changes
_shape: tuple[tuple, dict[int | None, list[int]]] | None = None


def _children() -> dict[int | None, list[int]]:
    global _shape
    fingerprint = regions_fingerprint()
    if _shape is not None and _shape[0] == fingerprint:
        return _shape[1]
    children: dict[int | None, list[int]] = {}
    for child, parent in Region.objects.values_list("id", "parent_id"):
        children.setdefault(parent, []).append(child)
    _shape = (fingerprint, children)
    return children


def descendant_ids(region: Region) -> set[int]:
    """The region and everything below it (a few thousand ids at most: the nation);
    a new set each time, the caller's to change."""
    children = _children()
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
