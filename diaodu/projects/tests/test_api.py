"""The API through django.test.Client: scope (404 outside, 403 for leaders) and each route."""

import io

import openpyxl
import pytest
from django.test import Client

from diaodu.accounts.models import Profile, Unit
from diaodu.projects.ledger import export_ledger
from diaodu.projects.models import Project
from diaodu.projects.tests.factories import make_project
from diaodu.testing import make_user, region

API = "/api/v1"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leader(db):
    return make_user("leader", role="leader", region_code="610900")


@pytest.mark.django_db
def test_county_user_cannot_read_another_countys_project(county_user):
    own = make_project(county="610902")
    other = make_project(county="610921")
    client = client_for(county_user)

    assert client.get(f"{API}/projects/{own.pk}").status_code == 200
    assert client.get(f"{API}/projects/{other.pk}").status_code == 404
    # Writing to it is a 404 as well: its existence is not leaked.
    response = client.post(
        f"{API}/projects/{other.pk}/stage",
        {"to_stage": "started", "on": "2026-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 404
    listed = client.get(f"{API}/projects").json()
    assert [p["code"] for p in listed] == [own.code]
    assert client.get(f"{API}/projects?region=610921").status_code == 404


@pytest.mark.django_db
def test_leader_reads_but_cannot_write(leader):
    project = make_project()
    client = client_for(leader)
    assert client.get(f"{API}/projects/{project.pk}").status_code == 200

    stage = client.post(
        f"{API}/projects/{project.pk}/stage",
        {"to_stage": "started", "on": "2026-03-01"},
        content_type="application/json",
    )
    assert stage.status_code == 403
    assert stage.json()["detail"] == "领导账号只读，不能修改项目"
    investment = client.post(
        f"{API}/projects/{project.pk}/investment",
        {"period": "2026-08", "amount_wan": "10"},
        content_type="application/json",
    )
    assert investment.status_code == 403
    created = client.post(
        f"{API}/projects",
        {"name": "甲", "code": "L1", "region": "610902", "nature": "new",
         "total_investment_wan": "100", "year": 2026},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 403
    assert Project.objects.count() == 1


@pytest.mark.django_db
def test_unit_user_sees_only_its_units_projects(db):
    unit = Unit.objects.create(name="安康市发改委", region=region("610900"))
    user = make_user("fgw", role="unit", region_code="610900")
    Profile.objects.filter(user=user).update(unit=unit)
    ours = make_project(unit=unit)
    theirs = make_project()
    client = client_for(user)
    assert [p["code"] for p in client.get(f"{API}/projects").json()] == [ours.code]
    assert client.get(f"{API}/projects/{theirs.pk}").status_code == 404


@pytest.mark.django_db
def test_create_move_and_record_through_the_api(city_analyst):
    Unit.objects.create(name="汉滨区工信局", region=region("610902"))
    client = client_for(city_analyst)
    created = client.post(
        f"{API}/projects",
        {"name": "新材料产业园", "code": "HB-9", "region": "610902", "nature": "new",
         "total_investment_wan": "20000", "annual_plan_wan": "6000", "year": 2026,
         "stage": "reserve", "unit": "汉滨区工信局", "leader": "张副区长"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    project = created.json()
    assert (project["unit"], project["stage_label"]) == ("汉滨区工信局", "储备")
    url = f"{API}/projects/{project['id']}"

    moved = client.post(
        f"{url}/stage",
        {"to_stage": "started", "on": "2026-03-01", "evidence": "开工令"},
        content_type="application/json",
    )
    assert moved.status_code == 200
    refused = client.post(
        f"{url}/stage",
        {"to_stage": "producing", "on": "2026-04-01"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "「项目阶段」进入「投产」前须先竣工，当前为「开工」"

    for period, amount in (("2026-03", "1000"), ("2026年6月", "2000")):
        response = client.post(
            f"{url}/investment",
            {"period": period, "amount_wan": amount},
            content_type="application/json",
        )
        assert response.status_code == 200
    detail = client.get(url).json()
    assert [(h["from_stage"], h["to_stage"], h["by"]) for h in detail["history"]] == [
        ("reserve", "started", "analyst")
    ]
    assert detail["investments"] == [
        {"period": "2026-03", "amount_wan": 1000.0},
        {"period": "2026-06", "amount_wan": 2000.0},
    ]

    # 3000 of 6000 = 50% in August (time progress 66.67%): behind by the default 10 points.
    progress = client.get(f"{API}/regions/610902/projects/progress?period=2026-08").json()
    line = progress["lines"][0]
    assert (line["cumulative_wan"], line["completion_pct"], line["behind"]) == (3000, 50, True)
    assert progress["statement"] == "重点监测的1个千万元以上项目建成0个，累计完成投资0.30亿元"
    assert progress["pushes"][1]["projects"][0]["leader"] == "张副区长"
    lenient = client.get(f"{API}/regions/610902/projects/progress?period=2026-08&threshold=20")
    assert lenient.json()["lines"][0]["behind"] is False


@pytest.mark.django_db
def test_contract_indicator_and_breach_through_the_api(city_analyst):
    project = make_project(stage="completed")
    client = client_for(city_analyst)
    url = f"{API}/projects/{project.pk}/indicators"
    made = client.post(
        url,
        {"name": "投资强度", "unit": "万元/亩", "agreed": "300"},
        content_type="application/json",
    )
    assert made.status_code == 201
    checked = client.post(
        f"{url}/{made.json()['id']}/check",
        {"actual": "250", "on": "2026-07-01"},
        content_type="application/json",
    )
    assert checked.json()["breach"] is True
    progress = client.get(f"{API}/regions/610900/projects/progress?period=2026-08").json()
    assert [(b["indicator"], b["shortfall"]) for b in progress["breaches"]] == [("投资强度", 50)]


@pytest.mark.django_db
def test_template_download_and_import_upload(county_user):
    client = client_for(county_user)
    template = client.get(f"{API}/projects/template.xlsx")
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")

    make_project(code="HB-1")
    data = export_ledger(Project.objects.all())
    Project.objects.all().delete()
    upload = io.BytesIO(data)
    upload.name = "台账.xlsx"
    response = client.post(f"{API}/projects/import", {"file": upload})
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0}

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook.active["J2"] = "-5"
    bad = io.BytesIO()
    workbook.save(bad)
    bad.seek(0)
    bad.name = "台账.xlsx"
    response = client.post(f"{API}/projects/import", {"file": bad})
    assert response.status_code == 400
    assert "第2行「总投资（万元）」：不能为负数" in response.json()["detail"]
