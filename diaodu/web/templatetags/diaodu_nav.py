"""The main menu: only the pages the user's role may open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse

from diaodu.ingest.selectors import may_import
from diaodu.web.roles import reads_figures, writes

register = template.Library()


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool


# (label, URL name, the URL names under it that mark it as the current page)
FIGURES = [
    ("驾驶舱", "web:home", {"home", "region"}),
    (
        "企业明细",
        "web:enterprises_home",
        {"enterprises_home", "enterprises", "enterprise", "enterprise_note"},
    ),
    (
        "目标",
        "web:targets",
        {"targets", "region_targets", "target_set", "targets_import", "target_hand_down_manual"},
    ),
]
WORK = [
    ("预警", "web:warnings", {"warnings", "warning", "warning_step"}),
    ("企业诉求", "web:appeals", {"appeals", "appeal"}),
    ("项目调度", "web:projects", {"projects", "project"}),
]
IMPORTS = ("数据导入", "web:imports", {"imports", "batches", "batch"})


@register.simple_tag(takes_context=True)
def nav_links(context: dict[str, Any]) -> list[Link]:
    request = context["request"]
    user = request.user
    entries = [*FIGURES] if reads_figures(user) else []
    entries += WORK
    if writes(user) and may_import(user):
        entries.append(IMPORTS)
    match = getattr(request, "resolver_match", None)
    here = match.url_name if match else ""
    return [Link(label, reverse(name), here in names) for label, name, names in entries]
