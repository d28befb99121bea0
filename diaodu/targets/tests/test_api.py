"""The targets API: M03 gaps on official figures, progress with M23, import, scope."""

import io
from decimal import Decimal

import openpyxl
import pytest

from diaodu.regions.models import Indicator, RegionFigure
from diaodu.targets.ledger import targets_template
from diaodu.targets.models import Target
from diaodu.testing import make_enterprise, make_fact, region

pytestmark = pytest.mark.django_db


def _published(code, growth, indicator="规上工业增加值", period=202608):
    RegionFigure.objects.create(
        region=region(code),
        indicator=Indicator.objects.get(name=indicator),
        period_kind="month",
        period=period,
        scope="ytd",
        growth=Decimal(growth),
    )


def test_gaps_to_the_nation_the_province_and_the_target(client, city_analyst):
    # 安康 8.3 %, 陕西 5.6 %, 全国 5.8 %, target 7 %: +2.7, +2.5 and +1.3 points.
    _published("610900", "8.3")
    _published("610000", "5.6")
    _published("100000", "5.8")
    Target.objects.create(
        region=region("610900"),
        year=2026,
        indicator="规上工业增加值",
        kind="growth",
        value=Decimal(7),
    )
    client.force_login(city_analyst)
    body = client.get("/api/v1/regions/610900/gaps?period=2026-08&indicator=规上工业增加值").json()
    assert body["growth"] == 8.3 and body["source"] == "官方发布"
    found = {g["reference"]: round(g["gap"], 6) for g in body["gaps"]}
    assert found == {"陕西省": 2.7, "全国": 2.5, "预期目标": 1.3}


def test_progress_with_the_required_growth(client, city_analyst):
    plant = make_enterprise(county="610902")
    make_fact(plant, "2025-08", month="100", ytd="780", month_prior="90", ytd_prior="700")
    make_fact(plant, "2025-12", month="150", ytd="1170", month_prior="140", ytd_prior="1100")
    make_fact(plant, "2026-08", month="110", ytd="840", month_prior="100", ytd_prior="800")
    client.force_login(city_analyst)
    created = client.post(
        "/api/v1/targets",
        {
            "region_code": "610902",
            "year": 2026,
            "indicator": "规上工业总产值",
            "kind": "growth",
            "value": "8",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = client.get("/api/v1/regions/610902/targets/progress?period=2026-08").json()
    [progress] = body["targets"]
    assert progress["actual_growth"] == 5.0 and progress["gap"] == -3.0
    assert body["required"][0]["required"] == 14.0  # worked out in test_targets.py
    city = client.get("/api/v1/regions/610900/targets/progress?period=2026-08").json()
    assert [p["target"]["region_code"] for p in city["behind"]] == []  # the city has no target


def test_the_template_round_trip_and_a_bad_row(client, city_analyst):
    workbook = openpyxl.load_workbook(io.BytesIO(targets_template()))
    sheet = workbook.active
    sheet.append(
        [2026, "610900", "安康市", "规上工业增加值", "增速", "预期", "7", "%", "省工信厅", ""]
    )
    sheet.append([2026, "610900", "安康市", "净增规上企业", "总量", "争取", "60", "户", "", ""])
    good = io.BytesIO()
    workbook.save(good)
    client.force_login(city_analyst)
    answer = client.post("/api/v1/targets/import", {"file": _upload(good.getvalue())})
    assert answer.status_code == 201, answer.content
    assert Target.objects.get(indicator="净增规上企业").tier == "stretch"
    assert Target.objects.get(indicator="规上工业增加值").handed_down_by == "省工信厅"
    sheet.append([2026, "999999", "", "工业投资", "增速", "预期", "十", "%", "", ""])
    bad = io.BytesIO()
    workbook.save(bad)
    answer = client.post("/api/v1/targets/import", {"file": _upload(bad.getvalue())})
    assert answer.status_code == 400
    assert [(e["row"], e["column"]) for e in answer.json()["errors"]] == [(4, "地区代码")]
    assert Target.objects.count() == 2


def _upload(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("目标.xlsx", data)


def test_scope(client, county_user):
    Target.objects.create(
        region=region("610921"),
        year=2026,
        indicator="规上工业总产值",
        kind="growth",
        value=Decimal(7),
    )
    client.force_login(county_user)
    assert client.get("/api/v1/targets").json() == []
    target = Target.objects.get()
    assert client.get(f"/api/v1/targets/{target.pk}").status_code == 404
    refused = client.post(
        "/api/v1/targets",
        {
            "region_code": "610921",
            "year": 2026,
            "indicator": "规上工业总产值",
            "kind": "growth",
            "value": "9",
        },
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert client.get("/api/v1/regions/610921/targets/progress?period=2026-08").status_code == 404
