"""Projects to update (项目调度): the year's monitored projects against time progress, and one
project with its stage moves and monthly investment. Writes go through the services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from diaodu.analysis import queries
from diaodu.analysis.summary import Tree
from diaodu.core.periods import Period, PeriodError
from diaodu.projects.models import Project
from diaodu.projects.progress import Progress, ProgressLine, project_progress
from diaodu.projects.selectors import may_write, project_for_user, visible_projects
from diaodu.projects.services import ProjectError, move_stage, record_investment, stage_label
from diaodu.regions.selectors import user_region
from diaodu.web import forms as web_forms
from diaodu.web import tables
from diaodu.web.exports import xlsx_response
from diaodu.web.tables import Table

SHOW = {"all": "全部监测项目", "behind": "投资进度滞后", "late": "开工滞后"}


@dataclass(frozen=True)
class Step:
    label: str
    form: type[forms.Form]
    run: Callable[[Project, dict[str, Any], Any], Any]


STEPS: dict[str, Step] = {
    "stage": Step(
        "阶段变更",
        web_forms.StageForm,
        lambda p, d, by: move_stage(p, d["to_stage"], d["on"], d["evidence"], d["reason"], by=by),
    ),
    "investment": Step(
        "月度投资",
        web_forms.InvestmentForm,
        lambda p, d, by: record_investment(p, d["period"], d["amount_wan"], by=by),
    ),
}


def _period(request: HttpRequest) -> Period:
    """The month asked for, else the latest month of enterprise figures (the month the
    dispatch meeting discusses), else this month."""
    text = request.GET.get("period", "")
    if text:
        try:
            return Period.parse(text)
        except PeriodError:
            raise Http404("报告期格式不正确") from None
    region = user_region(request.user)
    latest = queries.latest_period(Tree().descendants(region.pk)) if region else None
    return Period.from_key(latest) if latest else Period.parse(timezone.localdate())


def _progress(request: HttpRequest) -> Progress:
    region = user_region(request.user)
    if region is None:
        raise Http404("您的账号尚未设置所属地区")
    return project_progress(region, _period(request), projects=visible_projects(request.user))


def _shown(request: HttpRequest, progress: Progress) -> tuple[str, list[ProgressLine]]:
    show = request.GET.get("show", "all")
    show = show if show in SHOW else "all"
    lines = progress.lines
    if show == "behind":
        lines = [line for line in lines if line.behind]
    elif show == "late":
        lines = [line for line in lines if line.late_start]
    return show, sorted(lines, key=lambda line: line.project.code)


def progress_table(lines: list[ProgressLine], progress: Progress) -> Table:
    table = Table(
        "projects",
        f"{progress.period.label}项目投资进度",
        [
            "项目",
            "项目代码",
            "县区或功能区",
            "阶段",
            "总投资（万元）",
            "年度计划（万元）",
            "累计完成（万元）",
            "完成进度（%）",
            "提醒",
            "责任单位",
        ],
        numeric=frozenset(range(4, 8)),
    )
    for line in lines:
        project = line.project
        table.add(
            tables.text(project.name, reverse("web:project", args=[project.pk])),
            tables.text(project.code),
            tables.text(project.region.name),
            tables.text(stage_label(project.stage)),
            tables.wan_decimal(project.total_investment_wan),
            tables.wan_decimal(project.annual_plan_wan),
            tables.wan_decimal(line.cumulative_wan),
            tables.rate(line.completion_pct, coloured=False),
            _reminder(line),
            tables.text(project.unit.name if project.unit else ""),
        )
    return table


def _reminder(line: ProgressLine) -> tables.Cell:
    words = [w for w, flag in (("投资滞后", line.behind), ("开工滞后", line.late_start)) if flag]
    return tables.Cell("、".join(words), css="alert" if words else "")


@login_required
def projects_page(request: HttpRequest) -> HttpResponse:
    progress = _progress(request)
    show, lines = _shown(request, progress)
    monitored = {line.project.pk for line in progress.lines}
    others = (
        visible_projects(request.user)
        .exclude(pk__in=monitored)
        .select_related("region")
        .order_by("-year", "code")
    )
    return render(
        request,
        "web/projects.html",
        {
            "progress": progress,
            "show": show,
            "choices": SHOW,
            "heading": SHOW[show],
            "table": progress_table(lines, progress),
            "export": reverse("web:projects_export") + f"?period={progress.period}&show={show}",
            "others": others,
        },
    )


@login_required
def projects_export(request: HttpRequest) -> HttpResponse:
    progress = _progress(request)
    show, lines = _shown(request, progress)
    table = progress_table(lines, progress)
    return xlsx_response(table, f"{table.title}（{SHOW[show]}）")


def _detail(
    request: HttpRequest, project: Project, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    offered = []
    if may_write(request.user):
        offered = [
            (step, STEPS[step].label, bound.get(step) or STEPS[step].form(prefix=step))
            for step in STEPS
        ]
    return render(
        request,
        "web/project.html",
        {
            "project": project,
            "changes": project.stage_changes.select_related("by"),
            "investments": project.investments.order_by("-period"),
            "indicators": project.indicators.all(),
            "offered": offered,
        },
        status=400 if bound else 200,
    )


@login_required
def project_page(request: HttpRequest, project_id: int) -> HttpResponse:
    return _detail(request, project_for_user(request.user, project_id))


@login_required
@require_POST
def project_step(request: HttpRequest, project_id: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("没有这个操作")
    project = project_for_user(request.user, project_id)
    if not may_write(request.user):
        messages.error(request, "领导账号只读，不能修改项目。")
        return redirect("web:project", project.pk)
    form = STEPS[step].form(request.POST, prefix=step)
    if form.is_valid():
        try:
            STEPS[step].run(project, form.cleaned_data, request.user)
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{project.name}：{STEPS[step].label}已保存。")
            return redirect("web:project", project.pk)
    return _detail(request, project_for_user(request.user, project_id), {step: form})
