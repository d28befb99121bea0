"""Pages of figures: they parse the request, load through the scope helpers, call the
analysis, and render. No figure is computed here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from diaodu.analysis import queries
from diaodu.analysis.drilldown import drilldown
from diaodu.analysis.summary import Tree, dispatch_summary
from diaodu.appeals.services import visible_appeals
from diaodu.core.periods import Period, PeriodError
from diaodu.enterprises.models import Enterprise
from diaodu.enterprises.selectors import enterprise_for_user, liaison_notes
from diaodu.enterprises.services import LiaisonNoteError, add_liaison_note, may_add_liaison_note
from diaodu.ingest.models import ImportBatch
from diaodu.ingest.selectors import batch_for_user, batches_for_user, may_import
from diaodu.ingest.services import (
    RollbackError,
    import_indicators,
    import_monthly_for_user,
    rollback_batch,
)
from diaodu.projects.selectors import visible_projects
from diaodu.regions.models import Region
from diaodu.regions.selectors import children_of, region_for_user, user_region
from diaodu.web import dashboard, drill
from diaodu.web.exports import xlsx_response
from diaodu.web.forms import LiaisonNoteForm
from diaodu.web.roles import reads_figures, writes
from diaodu.web.tables import Table


def _period(request: HttpRequest, region: Region) -> Period | None:
    """The period asked for, else the latest with figures under the region."""
    text = request.GET.get("period", "")
    if text:
        try:
            return Period.parse(text)
        except PeriodError:
            raise Http404("报告期格式不正确") from None
    latest = queries.latest_period(Tree().descendants(region.pk))
    return Period.from_key(latest) if latest else None


def _figures_region(request: HttpRequest, code: str) -> Region:
    """A region whose figures the user may read: 404 outside the scope, and for units."""
    if not reads_figures(request.user):
        raise Http404("地区不存在")
    return region_for_user(request.user, code)


def _trail(user: Any, region: Region) -> list[Region]:
    """The regions from the user's own down to this one, for the breadcrumb."""
    home = user_region(user)
    chain: list[Region] = []
    node: Region | None = region
    while node is not None:
        chain.append(node)
        if home is not None and node.pk == home.pk:
            break
        node = node.parent
    return chain[::-1]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    region = user_region(request.user)
    if region is None:
        return render(request, "web/home.html", {"no_region": True})
    if not reads_figures(request.user):
        return redirect("web:appeals")  # a unit's desk is its appeals
    return _dashboard(request, region)


@login_required
def region_page(request: HttpRequest, code: str) -> HttpResponse:
    return _dashboard(request, _figures_region(request, code))


def _dashboard(request: HttpRequest, region: Region) -> HttpResponse:
    period = _period(request, region)
    board = (
        dashboard.build_dashboard(region=region, period=period, user=request.user)
        if period
        else None
    )
    context: dict[str, Any] = {
        "region": region,
        "period": period,
        "board": board,
        "trail": _trail(request.user, region),
        "can_import": may_import(request.user),
    }
    if board is not None:
        context["county_table"] = dashboard.county_table(board.summary)
        context["industry_table"] = dashboard.industry_table(board.summary)
        context["county_export"] = _export_url(region, "counties", period)
        context["industry_export"] = _export_url(region, "industries", period)
    return render(request, "web/home.html", context)


def _export_url(region: Region, name: str, period: Period | None, division: str = "") -> str:
    query = f"?period={period}" + (f"&division={division}" if division else "")
    return reverse("web:region_export", args=[region.code, name]) + query


@login_required
def enterprises_home(request: HttpRequest) -> HttpResponse:
    region = user_region(request.user)
    if region is None or not reads_figures(request.user):
        raise Http404("页面不存在")
    return redirect("web:enterprises", region.code)


@login_required
def enterprises_page(request: HttpRequest, code: str) -> HttpResponse:
    region = _figures_region(request, code)
    period = _period(request, region)
    if period is None:
        raise Http404("尚无数据")
    division = request.GET.get("division") or None
    result = drilldown(region=region, period=period, division=division)
    division_name = queries.division_names({division}).get(division, "") if division else ""
    return render(
        request,
        "web/enterprises.html",
        {
            "region": region,
            "period": period,
            "result": result,
            "division_name": division_name,
            "trail_more": [f"{division} {division_name}"] if division else [],
            "table": drill.enterprise_table(result, region.name),
            "export": _export_url(region, "enterprises", period, division or ""),
            "trail": _trail(request.user, region),
            "counties": children_of(region),
        },
    )


def _enterprise_page(
    request: HttpRequest, enterprise: Enterprise, note_form: LiaisonNoteForm | None = None
) -> HttpResponse:
    months = drill.enterprise_months(enterprise)
    context: dict[str, Any] = {
        "enterprise": enterprise,
        "latest": months[0] if months else None,
        "table": drill.history_table(enterprise, months),
        "chart": drill.history_chart(months),
        "memberships": enterprise.memberships.select_related("group").order_by("start_date"),
        "projects": visible_projects(request.user)
        .filter(enterprise=enterprise)
        .select_related("region"),
        "appeals": visible_appeals(request.user).filter(enterprise=enterprise),
        "notes": liaison_notes(enterprise),
        "trail": _trail(request.user, enterprise.county),
        "trail_more": [enterprise.name],
        "today": timezone.localdate(),
    }
    if may_add_liaison_note(request.user, enterprise):
        context["note_form"] = note_form or LiaisonNoteForm(prefix="note")
    status = 400 if note_form is not None else 200
    return render(request, "web/enterprise.html", context, status=status)


@login_required
def enterprise_page(request: HttpRequest, uscc: str) -> HttpResponse:
    return _enterprise_page(request, enterprise_for_user(request.user, uscc))


@login_required
@require_POST
def enterprise_note(request: HttpRequest, uscc: str) -> HttpResponse:
    """走访/联系记录: added by city staff and the county's bureau; another county's
    enterprise is 404 before anything is read from the form."""
    enterprise = enterprise_for_user(request.user, uscc)
    back = reverse("web:enterprise", args=[enterprise.uscc]) + "#notes-title"
    if not may_add_liaison_note(request.user, enterprise):
        messages.error(request, "您的账号只能查看走访联系记录，不能添加。")
        return redirect(back)
    form = LiaisonNoteForm(request.POST, prefix="note")
    if form.is_valid():
        data = form.cleaned_data
        try:
            note = add_liaison_note(
                enterprise=enterprise,
                on=data["on"],
                kind=data["kind"],
                content=data["content"],
                follow_up=data["follow_up"],
                by=request.user,
            )
        except (LiaisonNoteError, PermissionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"已添加{note.get_kind_display()}记录（{note.date:%Y-%m-%d}）。"
            )
            return redirect(back)
    return _enterprise_page(request, enterprise, note_form=form)


@login_required
def enterprise_export(request: HttpRequest, uscc: str) -> HttpResponse:
    enterprise = enterprise_for_user(request.user, uscc)
    table = drill.history_table(enterprise, drill.enterprise_months(enterprise))
    return xlsx_response(table, f"{enterprise.name}月度数据")


def _region_table(region: Region, period: Period, name: str, division: str | None) -> Table:
    if name == "enterprises":
        result = drilldown(region=region, period=period, division=division)
        return drill.enterprise_table(result, region.name)
    summary = dispatch_summary(region=region, period=period)
    if name == "counties":
        return dashboard.county_table(summary)
    if name == "industries":
        return dashboard.industry_table(summary)
    raise Http404("没有这张表")


@login_required
def region_export(request: HttpRequest, code: str, name: str) -> HttpResponse:
    """A table of the region's pages as .xlsx: the same builder as the page, the same rows."""
    region = _figures_region(request, code)
    period = _period(request, region)
    if period is None:
        raise Http404("尚无数据")
    table = _region_table(region, period, name, request.GET.get("division") or None)
    return xlsx_response(table, table.title, subtitle=f"报告期{period.label}")


@login_required
def imports_page(request: HttpRequest) -> HttpResponse:
    if not may_import(request.user):
        raise Http404("页面不存在")
    context: dict = {"batches": batches_for_user(request.user).select_related("user")[:50]}
    upload = request.FILES.get("file") if request.method == "POST" else None
    if upload is not None:
        if request.POST.get("kind") == "indicators":
            result = import_indicators(upload.read(), file_name=upload.name, user=request.user)
        else:
            result = import_monthly_for_user(
                upload.read(),
                file_name=upload.name,
                user=request.user,
                period=request.POST.get("period") or None,
                sheet=request.POST.get("sheet") or None,
            )
        context["result"] = result
        context["batches"] = batches_for_user(request.user).select_related("user")[:50]
    return render(request, "web/imports.html", context)


BATCHES_PER_PAGE = 50


@login_required
def batches_page(request: HttpRequest) -> HttpResponse:
    """Every import batch the user may see (ingest's rule: a county only the batches wholly
    inside it), newest first."""
    if not reads_figures(request.user):
        raise Http404("页面不存在")
    batches = batches_for_user(request.user).select_related("user", "rolled_back_by")
    page = Paginator(batches, BATCHES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "web/batches.html", {"page": page, "can_import": may_import(request.user)}
    )


@login_required
def batch_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    """One batch's stored report: the bad cells of a refused file, the changes of a
    re-import and how the regions' growth moved."""
    if not reads_figures(request.user):
        raise Http404("页面不存在")
    batch = batch_for_user(request.user, batch_id)
    report = batch.report or {}
    errors = report.get("errors", [])
    accepted = batch.status == ImportBatch.Status.ACCEPTED
    context = {
        "batch": batch,
        "report": report,
        "ok": batch.status != ImportBatch.Status.REJECTED,
        "errors": errors,
        "error_count": report.get("error_count", len(errors)),
        "counties": batch.counties.order_by("code"),
        "may_roll_back": accepted
        and batch.kind == ImportBatch.Kind.MONTHLY
        and may_import(request.user)
        and writes(request.user),
    }
    return render(request, "web/batch.html", context)


@login_required
@require_POST
def rollback_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    if not may_import(request.user):
        raise Http404("页面不存在")
    batch = batch_for_user(request.user, batch_id)
    try:
        rollback_batch(batch=batch, user=request.user)
        messages.success(request, f"已撤销批次{batch.pk}（{batch.file_name}），之前的数据已恢复。")
    except RollbackError as error:
        messages.error(request, str(error))
    return redirect("web:imports")
