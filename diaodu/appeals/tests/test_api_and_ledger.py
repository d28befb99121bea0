"""The appeals API as a unit, a county and the city use it; the Excel ledger round trip."""

import datetime as dt
import io

import openpyxl
import pytest

from diaodu.accounts.models import Unit
from diaodu.appeals.ledger import appeals_template, import_appeals
from diaodu.appeals.models import Appeal, TimeLimit
from diaodu.testing import make_enterprise, make_user, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    TimeLimit.objects.filter(difficulty="general", category=None).update(amount=5)
    land = Unit.objects.create(name="市自然资源局", region=region("610900"))
    return {
        "city": make_user("city", role="city_analyst", region_code="610900"),
        "hanbin": make_user("hanbin", role="county_user", region_code="610902"),
        "hanyin": make_user("hanyin", role="county_user", region_code="610921"),
        "land_user": make_user("land", role="unit", region_code="610900", unit=land),
        "leader": make_user("boss", role="leader", region_code="610900"),
        "land": land,
        "enterprise": make_enterprise(county="610902", name="安康富硒茶业有限公司"),
    }


def _register(client, people, **extra):
    body = {
        "title": "新厂房用地指标未落实",
        "category": "用地建设",
        "received_on": "2026-02-10",
        "source": "forum",
        "enterprise_uscc": people["enterprise"].uscc,
        **extra,
    }
    return client.post("/api/v1/appeals", body, content_type="application/json")


def test_the_loop_through_the_api(client, people):
    client.force_login(people["hanbin"])
    created = _register(client, people)
    assert created.status_code == 201, created.content
    number = created.json()["number"]
    again = _register(client, people)
    assert again.status_code == 409
    assert again.json()["candidates"][0]["number"] == number
    assigned = client.post(
        f"/api/v1/appeals/{number}/assign",
        {"lead_unit_id": people["land"].pk, "on": "2026-02-12"},
        content_type="application/json",
    )
    assert assigned.json()["due_on"] == "2026-02-26"
    client.force_login(people["land_user"])
    assert [row["number"] for row in client.get("/api/v1/appeals").json()] == [number]
    # Today (2026-11-29 or later) is long past 26 Feb: the reply waits for an explanation.
    refused = client.post(
        f"/api/v1/appeals/{number}/reply",
        {"outcome": "resolved", "text": "已落实"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "书面说明" in refused.json()["detail"]
    client.post(
        f"/api/v1/appeals/{number}/explanation",
        {"text": "需省厅批复用地指标"},
        content_type="application/json",
    )
    replied = client.post(
        f"/api/v1/appeals/{number}/reply",
        {"outcome": "resolved", "text": "已落实"},
        content_type="application/json",
    ).json()
    assert replied["stage"] == "replied" and replied["replied_in_time"] is False
    assert [e["kind"] for e in replied["events"]] == ["register", "assign", "explain", "reply"]


def test_scope_and_roles(client, people):
    client.force_login(people["hanbin"])
    number = _register(client, people).json()["number"]
    client.force_login(people["hanyin"])
    assert client.get(f"/api/v1/appeals/{number}").status_code == 404
    assert client.get("/api/v1/appeals").json() == []
    assert client.get("/api/v1/appeals/requests").json() == []
    client.force_login(people["leader"])
    assert client.get(f"/api/v1/appeals/{number}").status_code == 200
    reopen = client.post(
        f"/api/v1/appeals/{number}/assign",
        {"lead_unit_id": people["land"].pk},
        content_type="application/json",
    )
    assert reopen.status_code == 403
    assert _register(client, people, title="别的问题").status_code == 403
    client.force_login(people["land_user"])
    # Not yet assigned to the unit: it does not exist for them.
    assert client.get(f"/api/v1/appeals/{number}").status_code == 404
    assert client.get("/api/v1/regions/610900/appeals/statistics").status_code == 404


def test_open311_reads(client, people):
    client.force_login(people["city"])
    number = _register(client, people).json()["number"]
    services = client.get("/api/v1/appeals/services").json()
    assert [s["service_name"] for s in services][:3] == ["资金保障", "市场拓展", "要素保障"]
    [request] = client.get("/api/v1/appeals/requests?status=open").json()
    assert request["service_request_id"] == number
    assert request["service_name"] == "用地建设" and request["address_id"] == "610902"
    assert client.get("/api/v1/appeals/requests?status=closed").json() == []
    assert client.get(f"/api/v1/appeals/requests/{number}").json()[0]["status"] == "open"


def test_statistics_endpoint_gives_the_sentences(client, people):
    client.force_login(people["city"])
    _register(client, people)
    body = client.get(
        "/api/v1/regions/610900/appeals/statistics?start=2026-01-01&end=2026-03-31"
    ).json()
    assert body["a01"] == "全市1户企业共有1类1个问题，其中用地建设类1个"
    assert body["by_category"]["用地建设"] == 1
    report = client.get("/api/v1/regions/610900/appeals/report.xlsx?start=2026-01-01")
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    assert [c.value for c in sheet[3]][:2] == ["未交办", 1]
    assert [c.value for c in sheet[4]][:2] == ["合计", 1]


def _ledger(rows):
    workbook = openpyxl.load_workbook(io.BytesIO(appeals_template()))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(name) for name in header])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_the_template_has_drop_downs(people):
    sheet = openpyxl.load_workbook(io.BytesIO(appeals_template())).active
    lists = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert '"座谈会,领导调研,包联走访,直通车,其他"' in lists
    assert any("资金保障" in formula for formula in lists)


def test_a_ledger_imports_through_the_same_steps(people):
    uscc = people["enterprise"].uscc
    data = _ledger(
        [
            {
                "统一社会信用代码": uscc,
                "企业名称": "安康富硒茶业有限公司",
                "诉求来源": "座谈会",
                "座谈会/调研名称": "一季度民营企业座谈会",
                "会议日期": dt.date(2026, 2, 10),
                "提出日期": dt.date(2026, 2, 10),
                "问题类别": "资金保障",
                "问题": "续贷困难",
                "牵头单位": "市自然资源局",
                "交办日期": dt.date(2026, 2, 12),
                "办理结果": "已解决",
                "处理回复": "已续贷",
                "答复日期": dt.date(2026, 2, 24),
            },
            {
                "企业名称": "未入库的新企业",
                "县区代码": "610921",
                "诉求来源": "直通车",
                "提出日期": "2026年3月2日",
                "问题类别": "招工用工",
                "问题": "缺技工",
            },
        ]
    )
    result = import_appeals(data, file_name="台账.xlsx", by=people["city"])
    assert result.ok, result.errors
    first, second = result.created
    assert (first.stage, first.outcome, first.replied_in_time) == ("replied", "resolved", True)
    assert first.meeting is not None and first.meeting.kind == "forum"
    assert second.county.code == "610921" and second.enterprise is None


def test_a_bad_ledger_changes_nothing_and_names_every_cell(people):
    data = _ledger(
        [
            {
                "企业名称": "甲",
                "县区代码": "610902",
                "诉求来源": "电话",
                "提出日期": "2026-02-30",
                "问题类别": "资金保障",
                "问题": "x",
            },
            {
                "企业名称": "乙",
                "县区代码": "610902",
                "诉求来源": "直通车",
                "提出日期": dt.date(2026, 2, 10),
                "问题类别": "资金保障",
                "问题": "续贷",
                "牵头单位": "市自然资源局",
                "交办日期": dt.date(2026, 2, 12),
                "办理结果": "已解决",
                "答复日期": dt.date(2026, 3, 2),
            },
        ]
    )
    result = import_appeals(data, file_name="台账.xlsx", by=people["city"])
    assert [(e.row, e.column) for e in result.errors] == [(2, "诉求来源"), (2, "提出日期")]
    assert "不是有效日期" in result.errors[1].message
    fixed = _ledger(
        [
            {
                "企业名称": "乙",
                "县区代码": "610902",
                "诉求来源": "直通车",
                "提出日期": dt.date(2026, 2, 10),
                "问题类别": "资金保障",
                "问题": "续贷",
                "牵头单位": "市自然资源局",
                "交办日期": dt.date(2026, 2, 12),
                "办理结果": "已解决",
                "答复日期": dt.date(2026, 3, 2),
            },
            {
                "企业名称": "丙",
                "县区代码": "610902",
                "诉求来源": "直通车",
                "提出日期": dt.date(2026, 2, 10),
                "问题类别": "资金保障",
                "问题": "担保",
            },
        ]
    )
    # The late reply (due 26 Feb, answered 2 Mar) without 书面说明 is refused: row 2
    # names the column, and row 3, fine in itself, is not kept either.
    result = import_appeals(fixed, file_name="台账.xlsx", by=people["city"])
    assert [(e.row, e.column) for e in result.errors] == [(2, "书面说明")]
    assert Appeal.objects.count() == 0
