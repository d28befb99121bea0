"""Appeals to handle (诉求办理): the list a user works from and one appeal with the steps the
user may take. Each form posts to one service step; a refusal is shown in its Chinese words."""

from __future__ import annotations

import datetime as dt
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

from diaodu.accounts.models import Unit
from diaodu.appeals import services
from diaodu.appeals.models import Appeal
from diaodu.appeals.services import AppealError, visible_appeals
from diaodu.regions.models import Region
from diaodu.regions.selectors import descendant_ids, user_region
from diaodu.web import forms as web_forms
from diaodu.web import tables
from diaodu.web.exports import xlsx_response
from diaodu.web.roles import is_city, manages_appeals, unit_id, writes
from diaodu.web.tables import Table

HANDLING = (Appeal.Stage.ASSIGNED, Appeal.Stage.SUPERVISED)  # with a unit, not yet answered
OPEN_STAGES = (Appeal.Stage.REGISTERED, *HANDLING)
SHOW = {"open": "未办结", "overdue": "已超期", "all": "全部"}


@dataclass(frozen=True)
class Step:
    label: str
    form: type[forms.Form]
    run: Callable[[Appeal, dict[str, Any], Any], Any]


STEPS: dict[str, Step] = {
    "assign": Step(
        "交办",
        web_forms.AssignForm,
        lambda a, d, by: services.assign(
            a,
            lead_unit=d["lead_unit"],
            co_units=d["co_units"],
            on=d["on"],
            by=by,
            reason=d["reason"],
        ),
    ),
    "explain": Step(
        "书面说明",
        web_forms.ExplainForm,
        lambda a, d, by: services.submit_explanation(a, text=d["text"], on=d["on"], by=by),
    ),
    "reply": Step(
        "处理回复",
        web_forms.ReplyForm,
        lambda a, d, by: services.reply(a, outcome=d["outcome"], text=d["text"], on=d["on"], by=by),
    ),
    "note": Step(
        "办理进展",
        web_forms.NoteForm,
        lambda a, d, by: services.add_note(a, text=d["text"], on=d["on"], by=by),
    ),
    "supervise": Step(
        "督办",
        web_forms.SuperviseForm,
        lambda a, d, by: services.supervise(
            a, on=d["on"], by=by, text=d["text"], due_on=d["due_on"]
        ),
    ),
    "close": Step(
        "销号",
        web_forms.CloseForm,
        lambda a, d, by: services.close(
            a, satisfaction=d["satisfaction"], on=d["on"], by=by, text=d["text"]
        ),
    ),
    "reopen": Step(
        "重新办理",
        web_forms.ReopenForm,
        lambda a, d, by: services.reopen(a, reason=d["reason"], on=d["on"], by=by),
    ),
}


def steps_for(user: Any, appeal: Appeal, today: dt.date) -> list[str]:
    """The steps to offer. Once overdue, the lead unit is offered only the written
    explanation (A03), the one step the service then accepts."""
    if not writes(user):
        return []
    unit = unit_id(user)
    if unit is not None:
        if unit != appeal.lead_unit_id or appeal.stage not in HANDLING:
            return []
        return ["explain"] if appeal.needs_explanation(today) else ["reply", "note"]
    if not manages_appeals(user):
        return []
    waiting = appeal.needs_explanation(today)
    found = []
    if appeal.stage == Appeal.Stage.REGISTERED or (appeal.is_open and not waiting):
        found.append("assign")
    if is_city(user) and appeal.stage in HANDLING and not waiting:
        found.append("supervise")
    if appeal.stage == Appeal.Stage.REPLIED:
        found.append("close")
    if appeal.stage in (Appeal.Stage.REPLIED, Appeal.Stage.CLOSED):
        found.append("reopen")
    return found


def _ancestor_ids(region: Region) -> set[int]:
    found: set[int] = set()
    node: Region | None = region
    while node is not None:
        found.add(node.pk)
        node = node.parent
    return found


def _units(user: Any, appeal: Appeal) -> QuerySet[Unit]:
    """Units an appeal may go to: the user's region's and those above the appeal's county."""
    home = user_region(user)
    ids = _ancestor_ids(appeal.county) | (descendant_ids(home) if home else set())
    return Unit.objects.filter(region_id__in=ids).order_by("region__code", "name")


def _form(step: str, appeal: Appeal, user: Any, data: Any = None) -> forms.Form:
    if step == "assign":
        return web_forms.AssignForm(data, prefix=step, units=_units(user, appeal))
    return STEPS[step].form(data, prefix=step)


def _appeal(request: HttpRequest, number: str) -> Appeal:
    return get_object_or_404(visible_appeals(request.user), number=number)


def _listed(request: HttpRequest, today: dt.date) -> tuple[str, list[Appeal]]:
    show = request.GET.get("show", "open")
    show = show if show in SHOW else "open"
    appeals = visible_appeals(request.user)
    if show != "all":
        appeals = appeals.filter(stage__in=OPEN_STAGES)
    found = list(appeals)
    if show == "overdue":
        found = [a for a in found if a.is_overdue(today) or a.is_route_overdue(today)]
    return show, found


def appeal_table(appeals: list[Appeal], today: dt.date) -> Table:
    table = Table(
        "appeals",
        "企业诉求",
        ["编号", "企业", "县区", "问题", "类别", "环节", "牵头单位", "办理期限", "提醒"],
    )
    for appeal in appeals:
        table.add(
            tables.text(appeal.number, reverse("web:appeal", args=[appeal.number])),
            tables.text(appeal.enterprise_name),
            tables.text(appeal.county.name),
            tables.text(appeal.title),
            tables.text(appeal.category.name),
            tables.text(appeal.get_stage_display()),
            tables.text(appeal.lead_unit.name if appeal.lead_unit else "未交办"),
            tables.day(appeal.current_due),
            _reminder(appeal, today),
        )
    return table


def _reminder(appeal: Appeal, today: dt.date) -> tables.Cell:
    if appeal.needs_explanation(today):
        return tables.Cell("已超期，待书面说明", css="alert")
    if appeal.is_overdue(today):
        return tables.Cell("已超期", css="alert")
    if appeal.is_route_overdue(today):
        return tables.Cell("超过交办期限，待交办", css="alert")
    return tables.text("")


@login_required
def appeals_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    show, appeals = _listed(request, today)
    return render(
        request,
        "web/appeals.html",
        {
            "show": show,
            "choices": SHOW,
            "heading": f"{SHOW[show]}的诉求",
            "table": appeal_table(appeals, today),
            "export": reverse("web:appeals_export") + f"?show={show}",
        },
    )


@login_required
def appeals_export(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    show, appeals = _listed(request, today)
    return xlsx_response(appeal_table(appeals, today), f"企业诉求（{SHOW[show]}）", str(today))


def _detail(
    request: HttpRequest, appeal: Appeal, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    today = timezone.localdate()
    steps = steps_for(request.user, appeal, today)
    bound = bound or {}
    offered = [
        (step, STEPS[step].label, bound.get(step) or _form(step, appeal, request.user))
        for step in steps
    ]
    return render(
        request,
        "web/appeal.html",
        {
            "appeal": appeal,
            "events": appeal.events.select_related("by", "unit"),
            "overdue": appeal.is_overdue(today),
            "needs_explanation": appeal.needs_explanation(today),
            "route_overdue": appeal.is_route_overdue(today),
            "offered": offered,
            "read_only": not writes(request.user),
        },
        status=400 if bound else 200,
    )


@login_required
def appeal_page(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, _appeal(request, number))


@login_required
@require_POST
def appeal_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("没有这个办理环节")
    appeal = _appeal(request, number)
    form = _form(step, appeal, request.user, data=request.POST)
    if form.is_valid():
        try:
            STEPS[step].run(appeal, form.cleaned_data, request.user)
        except (AppealError, PermissionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"诉求{appeal.number}：{STEPS[step].label}已提交。")
            return redirect("web:appeal", appeal.number)
    # Read the appeal again: a refused step may have touched the instance in memory.
    appeal = _appeal(request, number)
    if step not in steps_for(request.user, appeal, timezone.localdate()):
        # No form of this step on the page to show the refusal beside: say it on top.
        for refusal in form.non_field_errors() or ["该环节当前不能办理"]:
            messages.error(request, str(refusal))
        return redirect("web:appeal", appeal.number)
    return _detail(request, appeal, {step: form})
