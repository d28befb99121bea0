"""Pages: they parse the request, load through the scope helpers, call one service or
selector, and render. No figure is computed here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from diaodu.analysis import queries
from diaodu.analysis.drilldown import STATUS_NAMES, drilldown
from diaodu.analysis.summary import Tree, dispatch_summary
from diaodu.core.periods import Period, PeriodError
from diaodu.ingest.selectors import batch_for_user, batches_for_user, may_import
from diaodu.ingest.services import (
    RollbackError,
    import_indicators,
    import_monthly_for_user,
    rollback_batch,
)
from diaodu.regions.models import Region
from diaodu.regions.selectors import region_for_user, user_region


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


def _reads_figures(request: HttpRequest) -> bool:
    profile = getattr(request.user, "profile", None)
    return profile is None or profile.role != "unit"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    region = user_region(request.user)
    if region is None:
        return render(request, "web/home.html", {"no_region": True})
    return _region_page(request, region)


@login_required
def region_page(request: HttpRequest, code: str) -> HttpResponse:
    if not _reads_figures(request):
        raise Http404("地区不存在")
    return _region_page(request, region_for_user(request.user, code))


def _region_page(request: HttpRequest, region: Region) -> HttpResponse:
    if not _reads_figures(request):
        return render(request, "web/home.html", {"region": region, "unit_user": True})
    period = _period(request, region)
    summary = dispatch_summary(region=region, period=period) if period else None
    return render(
        request,
        "web/home.html",
        {
            "region": region,
            "period": period,
            "summary": summary,
            "can_import": may_import(request.user),
        },
    )


@login_required
def enterprises_page(request: HttpRequest, code: str) -> HttpResponse:
    if not _reads_figures(request):
        raise Http404("地区不存在")
    region = region_for_user(request.user, code)
    period = _period(request, region)
    if period is None:
        raise Http404("尚无数据")
    division = request.GET.get("division") or None
    result = drilldown(region=region, period=period, division=division)
    return render(
        request,
        "web/enterprises.html",
        {"region": region, "period": period, "result": result, "status_names": STATUS_NAMES},
    )


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
