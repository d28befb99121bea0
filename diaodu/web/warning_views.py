"""Warnings (预警): the list a user works from, red first, and one warning with its evidence,
its history and the steps the user may take — city staff 发送 and 关闭, the responsible
party (the county's users, the unit addressed, the city for its own) 反馈; leaders read.
Each form posts to one service step; a refusal is shown in its Chinese words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from diaodu.analysis.drilldown import STATUS_NAMES
from diaodu.core.periods import Period
from diaodu.projects.selectors import visible_projects
from diaodu.regions.selectors import user_region
from diaodu.warnings import services
from diaodu.warnings.models import LEVELS, Level, Warning
from diaodu.warnings.services import WarningError, visible_warnings
from diaodu.web import forms as web_forms
from diaodu.web import tables
from diaodu.web.exports import xlsx_response
from diaodu.web.roles import is_city, role_of, unit_id, writes
from diaodu.web.tables import Table

OPEN_STATES = (Warning.State.NEW, Warning.State.SENT)
STATES = {
    "open": "待处理（新预警、已发送）",
    **{str(value): str(label) for value, label in Warning.State.choices},
    "all": "全部",
}
LEVEL_NAMES = {str(level): str(Level(level).label) for level in LEVELS}


@dataclass(frozen=True)
class Step:
    label: str
    form: type[forms.Form]
    run: Callable[[Warning, dict[str, Any], Any], Any]


STEPS: dict[str, Step] = {
    "send": Step(
        "发送",
        web_forms.WarningSendForm,
        lambda w, d, by: services.send(w, by=by, text=d["text"]),
    ),
    "acknowledge": Step(
        "反馈",
        web_forms.WarningAcknowledgeForm,
        lambda w, d, by: services.acknowledge(w, by=by, reply=d["reply"]),
    ),
    "close": Step(
        "关闭",
        web_forms.WarningCloseForm,
        lambda w, d, by: services.close(w, by=by, text=d["text"]),
    ),
}


def answers_for(user: Any, warning: Warning) -> bool:
    """The responsible party: the unit addressed, a user of the warning's county, or city
    staff for a warning about their own region (the city itself answers for it)."""
    unit = unit_id(user)
    if unit is not None:
        return warning.unit_id == unit
    if role_of(user) == "county_user":
        return True  # visible_warnings keeps a county user inside the county
    home = user_region(user)
    return is_city(user) and home is not None and warning.region_id == home.pk


def steps_for(user: Any, warning: Warning) -> list[str]:
    """The steps to offer; the service checks each again."""
    if not writes(user):
        return []
    found = []
    if is_city(user) and warning.state == Warning.State.NEW:
        found.append("send")
    if warning.state in OPEN_STATES and answers_for(user, warning):
        found.append("acknowledge")
    if is_city(user) and warning.state != Warning.State.CLOSED:
        found.append("close")
    return found


def _warning(request: HttpRequest, warning_id: int) -> Warning:
    return get_object_or_404(visible_warnings(request.user), pk=warning_id)


def _choice(request: HttpRequest, name: str, choices: dict[str, str], default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in choices else default


def _listed(request: HttpRequest) -> tuple[str, str, list[Warning]]:
    state = _choice(request, "state", STATES, "open")
    level = _choice(request, "level", LEVEL_NAMES, "")
    warnings: QuerySet[Warning] = visible_warnings(request.user)
    if state == "open":
        warnings = warnings.filter(state__in=OPEN_STATES)
    elif state != "all":
        warnings = warnings.filter(state=state)
    if level:
        warnings = warnings.filter(level=level)
    found = list(warnings)
    found.sort(key=lambda w: (LEVELS.index(Level(w.level)), -w.raised_on.toordinal(), w.pk))
    return state, level, found


def warning_table(warnings: list[Warning]) -> Table:
    table = Table(
        "warnings",
        "预警",
        ["等级", "预警内容", "规则", "地区", "责任方", "报告期", "预警日期", "状态"],
    )
    for warning in warnings:
        table.add(
            tables.Cell(
                warning.get_level_display(),
                css=f"level level-{warning.level}",
                sort=str(LEVELS.index(Level(warning.level))),
            ),
            tables.text(warning.title, reverse("web:warning", args=[warning.pk])),
            tables.text(warning.rule.get_kind_display()),
            tables.text(warning.region.name),
            tables.text(warning.unit.name if warning.unit else warning.responsible),
            _period_cell(warning.period),
            tables.day(warning.raised_on),
            tables.text(warning.get_state_display()),
        )
    return table


def _period_cell(key: int | None) -> tables.Cell:
    if key is None:
        return tables.text("")
    return tables.Cell(Period.from_key(key).label, sort=str(key))


def _query(state: str, level: str) -> str:
    return f"?state={state}" + (f"&level={level}" if level else "")


@login_required
def warnings_page(request: HttpRequest) -> HttpResponse:
    state, level, warnings = _listed(request)
    heading = STATES[state] + (f" · {LEVEL_NAMES[level]}预警" if level else "")
    return render(
        request,
        "web/warnings.html",
        {
            "state": state,
            "level": level,
            "states": STATES,
            "levels": LEVEL_NAMES,
            "heading": f"预警：{heading}",
            "table": warning_table(warnings),
            "export": reverse("web:warnings_export") + _query(state, level),
        },
    )


@login_required
def warnings_export(request: HttpRequest) -> HttpResponse:
    state, level, warnings = _listed(request)
    label = STATES[state] + (f"，{LEVEL_NAMES[level]}" if level else "")
    return xlsx_response(warning_table(warnings), f"预警（{label}）", str(timezone.localdate()))


def evidence_text(key: str, value: Any) -> str:
    """An evidence value as the page shows it: yes/no in words, a production status by its
    name, numbers as the rule recorded them (at most two decimals)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0")
        return text + "0" if text.endswith(".") else text
    if isinstance(value, str) and value in STATUS_NAMES:
        return STATUS_NAMES[value]
    return str(value)


def _subject_link(user: Any, warning: Warning) -> str:
    kind, ident = warning.subject_type, warning.subject_id
    if kind == "region":
        return reverse("web:region", args=[ident])
    if kind == "enterprise":
        return reverse("web:enterprise", args=[ident])
    if kind == "appeal":
        return reverse("web:appeal", args=[ident])
    if kind == "project":
        project = visible_projects(user).filter(code=ident).order_by("-year").first()
        return reverse("web:project", args=[project.pk]) if project else ""
    return ""


def _form(step: str, data: Any = None) -> forms.Form:
    return STEPS[step].form(data, prefix=step)


def _detail(
    request: HttpRequest, warning: Warning, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    offered = [
        (step, STEPS[step].label, bound.get(step) or _form(step))
        for step in steps_for(request.user, warning)
    ]
    return render(
        request,
        "web/warning.html",
        {
            "warning": warning,
            "period": Period.from_key(warning.period) if warning.period else None,
            "evidence": [(key, evidence_text(key, v)) for key, v in warning.evidence.items()],
            "events": warning.events.select_related("by"),
            "subject_link": _subject_link(request.user, warning),
            "offered": offered,
            "read_only": not writes(request.user),
        },
        status=400 if bound else 200,
    )


@login_required
def warning_page(request: HttpRequest, warning_id: int) -> HttpResponse:
    return _detail(request, _warning(request, warning_id))


@login_required
@require_POST
def warning_step(request: HttpRequest, warning_id: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("没有这个处理环节")
    warning = _warning(request, warning_id)
    form = _form(step, data=request.POST)
    if form.is_valid():
        try:
            STEPS[step].run(warning, form.cleaned_data, request.user)
        except (WarningError, PermissionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"预警“{warning.title}”：{STEPS[step].label}已提交。")
            return redirect("web:warning", warning.pk)
    # Read the warning again: a refused step may have touched the instance in memory.
    warning = _warning(request, warning_id)
    if step not in steps_for(request.user, warning):
        # No form of this step on the page to show the refusal beside: say it on top.
        for refusal in form.non_field_errors() or ["该预警当前不能办理这一环节"]:
            messages.error(request, str(refusal))
        return redirect("web:warning", warning.pk)
    return _detail(request, warning, {step: form})
