"""What-if (M22): "if this enterprise stops in May–July", the effect on the region's monthly
and full-year growth in percentage points, from last year's monthly profile. A question,
not a change: the form is a GET, open to every role that reads figures, leaders too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from diaodu.analysis.whatif import WhatIf, WhatIfError, what_if
from diaodu.enterprises.selectors import enterprises_for_user
from diaodu.reports import words
from diaodu.web import tables
from diaodu.web.forms import WhatIfForm
from diaodu.web.tables import Table
from diaodu.web.views import _figures_region, _period, _trail

HUNDRED = Decimal(100)


def action_words(result: WhatIf) -> str:
    """停产, or 减产30.0%."""
    return "停产" if result.reduction == 1 else f"减产{words.pct(result.reduction * HUNDRED)}%"


def effect_table(result: WhatIf) -> Table:
    table = Table(
        "whatif",
        f"{result.enterprise.name}{result.year}年{action_words(result)}对{result.region.name}增速的影响",
        ["月份", "减少产值（万元，按上年同月）", "影响当月增速（百分点）"],
        numeric=frozenset({1, 2}),
    )
    for month in result.months:
        table.add(
            tables.Cell(f"{result.year}年{month.month}月", sort=f"{month.month:02d}"),
            tables.wan(int(month.lost)),
            tables.Cell(
                words.pp(month.effect),
                tables.shown(month.effect),
                css=tables.trend_class(month.effect),
            ),
        )
    return table


@login_required
def whatif_page(request: HttpRequest, code: str) -> HttpResponse:
    region = _figures_region(request, code)
    period = _period(request, region)
    year = period.year if period else timezone.localdate().year
    asked = "uscc" in request.GET
    # ?enterprise= fills in the enterprise (the link from an enterprise's page) without asking.
    initial = {"year": year, "reduction": 100, "uscc": request.GET.get("enterprise", "")}
    form = WhatIfForm(request.GET if asked else None, initial=initial)
    context: dict[str, Any] = {
        "region": region,
        "period": period,
        "trail": _trail(request.user, region),
        "trail_more": ["检修停产影响测算"],
        "form": form,
    }
    if asked and form.is_valid():
        data = form.cleaned_data
        enterprise = (
            enterprises_for_user(request.user)
            .select_related("county")
            .filter(uscc=data["uscc"])
            .first()
        )
        if enterprise is None:
            form.add_error("uscc", "没有这家企业，或该企业不在您的查看范围内")
        else:
            try:
                result = what_if(
                    region=region,
                    enterprise=enterprise,
                    year=data["year"],
                    months=data["months"],
                    reduction=data["reduction"] / HUNDRED,
                )
            except WhatIfError as error:
                form.add_error(None, str(error))
            else:
                context["result"] = result
                context["table"] = effect_table(result)
                context["action"] = action_words(result)
                context["year_effect"] = words.pp(result.year_effect)
                context["lost"] = words.wan(int(result.lost))
    status = 400 if asked and form.errors else 200
    return render(request, "web/whatif.html", context, status=status)
