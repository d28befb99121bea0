"""Targets (目标): a region's targets for the year with their progress at the chosen month
(T03, M23), the sub-regions behind (T04), the gaps to the nation, the province and the
targets (M03); and, for city and county staff, setting a target, handing it down, and the
Excel template and its import. Every figure is the targets app's; writes go through its
services, whose Chinese refusals the page shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from diaodu.core.memo import one_reading
from diaodu.core.periods import Period
from diaodu.ingest.monthly import CellError
from diaodu.regions.models import Region
from diaodu.regions.selectors import children_of, descendant_ids, user_region
from diaodu.reports import words
from diaodu.targets import services
from diaodu.targets.ledger import import_targets, targets_template
from diaodu.targets.models import Target
from diaodu.targets.progress import (
    Actual,
    Gap,
    TargetProgress,
    behind,
    gaps,
    required_growth,
    target_progress,
)
from diaodu.targets.services import TargetError
from diaodu.web import forms as web_forms
from diaodu.web import tables
from diaodu.web.exports import XLSX
from diaodu.web.roles import is_city, reads_figures, sets_targets, writes
from diaodu.web.tables import Table
from diaodu.web.views import _figures_region, _period, _trail

# The official indicator compared with the nation, the province and the targets (M03).
GAP_INDICATOR = "规上工业增加值"


def visible_targets(user: Any) -> QuerySet[Target]:
    """The targets of the user's region and below; units read no targets."""
    home = user_region(user)
    if home is None or not reads_figures(user):
        return Target.objects.none()
    return Target.objects.filter(region_id__in=descendant_ids(home)).select_related("region")


def _month(request: HttpRequest, region: Region) -> Period:
    """The month asked for, else the latest with figures, else this month."""
    return _period(request, region) or Period.parse(timezone.localdate())


def may_change(user: Any) -> bool:
    return writes(user) and sets_targets(user)


# --- the tables ----------------------------------------------------------------------------


def _progress_text(progress: TargetProgress) -> tables.Cell:
    if progress.on_track is None:
        return tables.text("暂无实际数")
    if progress.target.kind == Target.Kind.ABSOLUTE and progress.reached_in is not None:
        return tables.Cell(f"{progress.reached_in.label}已完成", css="")
    if progress.on_track:
        return tables.text("达到进度")
    return tables.Cell("落后", css="alert")


def _required_text(target: Target, period: Period) -> tables.Cell:
    """M23: "后4月需增长9.3%", or why it cannot be said."""
    if target.kind != Target.Kind.GROWTH:
        return tables.text("")
    result = required_growth(target, period)
    if result.required is None:
        return tables.text(result.reason)
    return tables.Cell(
        f"后{result.remaining_months}月需增长{words.pct(result.required)}%",
        tables.shown(result.required),
    )


def _target_value(target: Target) -> tables.Cell:
    value = tables.shown(target.value) if target.kind == Target.Kind.GROWTH else target.value
    shown = f"{value.normalize():f}" if target.kind == Target.Kind.ABSOLUTE else str(value)
    return tables.Cell(f"{shown}{target.unit}", value)


def _source(target: Target) -> str:
    source = target.get_method_display()
    if target.handed_down_by:
        source += f"（{target.handed_down_by}"
        source += f"，{target.handed_down_on.isoformat()}）" if target.handed_down_on else "）"
    return source


def _actual_value(actual: Actual) -> tables.Cell:
    return tables.wan_decimal(actual.value)


def target_table(lines: list[TargetProgress], period: Period, title: str) -> Table:
    table = Table(
        "targets",
        title,
        [
            "指标",
            "档次",
            "目标",
            "来源",
            "累计实际",
            "累计增速（%）",
            "较目标（百分点）",
            "完成进度（%）",
            "时间进度（%）",
            "进度",
            "剩余月份需增长",
        ],
        numeric=frozenset(range(4, 9)),
    )
    for line in lines:
        target = line.target
        table.add(
            tables.text(target.indicator),
            tables.text(target.get_tier_display()),
            _target_value(target),
            tables.text(_source(target)),
            _actual_value(line.actual),
            tables.rate(line.actual.growth),
            tables.rate(line.gap),
            tables.rate(line.completion, coloured=False),
            tables.rate(line.time_progress, coloured=False),
            _progress_text(line),
            _required_text(target, period),
        )
    return table


def behind_table(lines: list[TargetProgress], region: Region, period: Period) -> Table:
    table = Table(
        "behind",
        f"{region.name}下辖未达到目标进度的地区（{period.ytd_label}）",
        ["地区", "指标", "档次", "目标", "累计增速（%）", "较目标（百分点）", "完成进度（%）"],
        numeric=frozenset(range(4, 7)),
    )
    for line in lines:
        target = line.target
        table.add(
            tables.text(
                target.region.name,
                reverse("web:region_targets", args=[target.region.code]) + f"?period={period}",
            ),
            tables.text(target.indicator),
            tables.text(target.get_tier_display()),
            _target_value(target),
            tables.rate(line.actual.growth),
            tables.rate(line.gap),
            tables.rate(line.completion, coloured=False),
        )
    return table


def gap_table(found: list[Gap], region: Region, period: Period) -> Table:
    table = Table(
        "gaps",
        f"{region.name}{period.ytd_label}{GAP_INDICATOR}增速与全国、全省、目标的差距",
        ["对比对象", "增速或目标（%）", "差距（百分点）"],
        numeric=frozenset({1, 2}),
    )
    for gap in found:
        table.add(
            tables.text(gap.reference),
            tables.rate(gap.reference_growth, coloured=False),
            tables.rate(gap.gap),
        )
    return table


# --- the page ------------------------------------------------------------------------------


@dataclass
class Bound:
    """Forms handed back with their errors, and a rejected import's bad cells."""

    target: web_forms.TargetForm | None = None
    upload: web_forms.TargetsFileForm | None = None
    import_errors: list[CellError] | None = None
    manual: web_forms.ManualHandDownForm | None = None


def _regions(region: Region) -> QuerySet[Region]:
    """The regions a target may be set for from this page: the region and its children."""
    ids = [region.pk, *(child.pk for child in children_of(region))]
    return Region.objects.filter(pk__in=ids).order_by("code")


def _target_form(region: Region, period: Period, data: Any = None) -> web_forms.TargetForm:
    return web_forms.TargetForm(
        data,
        prefix="target",
        regions=_regions(region),
        initial={"region": region.pk, "year": period.year},
    )


def _page(
    request: HttpRequest, region: Region, period: Period, bound: Bound | None = None
) -> HttpResponse:
    with one_reading():  # the targets, their required growth and those behind share figures
        return _read_page(request, region, period, bound or Bound())


def _read_page(request: HttpRequest, region: Region, period: Period, bound: Bound) -> HttpResponse:
    year = period.year
    # The region's own targets: a sub-region's are on its own page (linked), and those
    # behind are listed below.
    own = list(
        visible_targets(request.user).filter(region=region, year=year).order_by("indicator", "tier")
    )
    lines = [target_progress(target, period) for target in own]
    lagging: list[TargetProgress] = []
    for indicator in sorted({target.indicator for target in own}):
        lagging += behind(region, year, indicator, period)
    gap_actual, gap_list = gaps(region, GAP_INDICATOR, period)
    change = may_change(request.user)
    children = children_of(region)
    context: dict[str, Any] = {
        "region": region,
        "children": children,
        "period": period,
        "trail": _trail(request.user, region),
        "table": target_table(
            lines, period, f"{region.name}{year}年目标（{period.ytd_label}进度）"
        ),
        "behind_table": behind_table(lagging, region, period),
        "gap_indicator": GAP_INDICATOR,
        "gap_actual": gap_actual,
        "gap_table": gap_table(gap_list, region, period),
        "may_change": change,
        "hand_down": _hand_down_lines(request.user, own, children, bound) if change else [],
        "indicators": web_forms.INDICATORS,
    }
    if change:
        context["target_form"] = bound.target or _target_form(region, period)
        context["upload_form"] = bound.upload or web_forms.TargetsFileForm(prefix="import")
        context["import_errors"] = bound.import_errors
    failed = bound.target is not None or bound.upload is not None or bound.manual is not None
    return render(request, "web/targets.html", context, status=400 if failed else 200)


def _hand_down_lines(
    user: Any, own: list[Target], children: list[Region], bound: Bound
) -> list[tuple[Target, str, web_forms.ManualHandDownForm | None]]:
    """Each target with its value and, for city staff, the form to type its parts in,
    filled with the parts handed down before (or handed back with its errors)."""
    if not children:
        return []
    lines: list[tuple[Target, str, web_forms.ManualHandDownForm | None]] = []
    handed = Target.objects.filter(parent__in=own, region__in=children)
    before: dict[int, dict[str, str]] = {}
    for part in handed.select_related("region"):
        before.setdefault(part.parent_id or 0, {})[part.region.code] = f"{part.value.normalize():f}"
    for target in own:
        manual = None
        if is_city(user):
            if bound.manual is not None and bound.manual.target.pk == target.pk:
                manual = bound.manual
            else:
                manual = web_forms.ManualHandDownForm(
                    target=target, children=children, initial=before.get(target.pk, {})
                )
        lines.append((target, _target_value(target).text, manual))
    return lines


@login_required
def targets_home(request: HttpRequest) -> HttpResponse:
    region = user_region(request.user)
    if region is None or not reads_figures(request.user):
        raise Http404("页面不存在")
    return redirect("web:region_targets", region.code)


@login_required
def targets_page(request: HttpRequest, code: str) -> HttpResponse:
    region = _figures_region(request, code)
    return _page(request, region, _month(request, region))


def _back(region: Region, period: Period) -> HttpResponse:
    return redirect(reverse("web:region_targets", args=[region.code]) + f"?period={period}")


def _refuse_leader(request: HttpRequest, region: Region, period: Period) -> HttpResponse | None:
    if may_change(request.user):
        return None
    messages.error(request, "您的账号只能查看目标，不能设定或下达。")
    return _back(region, period)


@login_required
@require_POST
def target_set(request: HttpRequest, code: str) -> HttpResponse:
    region = _figures_region(request, code)
    period = _month(request, region)
    refused = _refuse_leader(request, region, period)
    if refused:
        return refused
    form = _target_form(region, period, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            target = services.set_target(
                region=data["region"],
                year=data["year"],
                indicator=data["indicator"].strip(),
                kind=data["kind"],
                value=data["value"],
                by=request.user,
                tier=data["tier"],
                unit=data["unit"].strip(),
                method=Target.Method.HANDED_DOWN if data["handed_down_by"] else Target.Method.SET,
                handed_down_by=data["handed_down_by"].strip(),
                handed_down_on=data["handed_down_on"],
                note=data["note"].strip(),
            )
        except (TargetError, PermissionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已保存：{target}，{_target_value(target).text}。")
            return _back(target.region, period)
    return _page(request, region, period, Bound(target=form))


@login_required
@require_POST
def target_hand_down(request: HttpRequest, target_id: int) -> HttpResponse:
    target = get_object_or_404(visible_targets(request.user), pk=target_id)
    region = target.region
    period = _month(request, region)
    refused = _refuse_leader(request, region, period)
    if refused:
        return refused
    form = web_forms.HandDownForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择分解方式：按同一增速或按上年基数占比。")
        return _back(region, period)
    method = form.cleaned_data["method"]
    try:
        parts = services.hand_down(target, method=method, by=request.user, on=timezone.localdate())
    except (TargetError, PermissionError) as error:
        messages.error(request, str(error))
    else:
        label = Target.Method(method).label
        messages.success(
            request, f"{target}已{label}，下达到{len(parts)}个下级地区：" + _parts_text(parts)
        )
    return _back(region, period)


@login_required
@require_POST
def target_hand_down_manual(request: HttpRequest, target_id: int) -> HttpResponse:
    """逐一填报: the city's staff type each sub-region's part; the service checks the
    parts against the target and saves all of them or none. A county user has no such
    form (404); a leader reads only."""
    if writes(request.user) and not is_city(request.user):
        raise Http404("页面不存在")
    target = get_object_or_404(visible_targets(request.user), pk=target_id)
    region = target.region
    period = _month(request, region)
    refused = _refuse_leader(request, region, period)
    if refused:
        return refused
    form = web_forms.ManualHandDownForm(
        request.POST, target=target, children=list(children_of(region))
    )
    if form.is_valid():
        try:
            parts = services.hand_down(
                target,
                method=Target.Method.MANUAL,
                by=request.user,
                on=timezone.localdate(),
                values=form.values(),
            )
        except (TargetError, PermissionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{target}已逐一填报下达到{len(parts)}个下级地区：" + _parts_text(parts)
            )
            return _back(region, period)
    return _page(request, region, period, Bound(manual=form))


def _parts_text(parts: list[Target]) -> str:
    return "、".join(f"{part.region.name}{_target_value(part).text}" for part in parts)


@login_required
def targets_template_download(request: HttpRequest) -> HttpResponse:
    if not reads_figures(request.user):
        raise Http404("页面不存在")
    response = HttpResponse(targets_template(), content_type=XLSX)
    response["Content-Disposition"] = (
        content_disposition_header(True, "年度目标导入模板.xlsx") or ""
    )
    return response


@login_required
@require_POST
def targets_import(request: HttpRequest, code: str) -> HttpResponse:
    region = _figures_region(request, code)
    period = _month(request, region)
    refused = _refuse_leader(request, region, period)
    if refused:
        return refused
    form = web_forms.TargetsFileForm(request.POST, request.FILES, prefix="import")
    if not form.is_valid():
        return _page(request, region, period, Bound(upload=form))
    upload = form.cleaned_data["file"]
    result = import_targets(upload.read(), file_name=upload.name, by=request.user)
    if result.errors:
        form.add_error(None, f"导入失败：共 {len(result.errors)} 处问题，目标未做任何改动。")
        return _page(request, region, period, Bound(upload=form, import_errors=result.errors))
    messages.success(request, f"已导入{len(result.targets)}条目标（{upload.name}）。")
    return _back(region, period)
