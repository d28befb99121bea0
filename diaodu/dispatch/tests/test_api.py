"""The dispatch API as the city, two counties, a leader and a unit use it."""

import datetime as dt

import pytest

from diaodu.accounts.models import AuditEntry, Unit
from diaodu.dispatch import services
from diaodu.dispatch.models import Cadence, WorkItem
from diaodu.testing import make_user, region

pytestmark = pytest.mark.django_db

D = dt.date
JSON = "application/json"


@pytest.fixture
def people(db):
    land = Unit.objects.create(name="市自然资源局", region=region("610900"))
    return {
        "city": make_user("city", role="city_analyst", region_code="610900"),
        "hanbin": make_user("hanbin", role="county_user", region_code="610902"),
        "hanyin": make_user("hanyin", role="county_user", region_code="610921"),
        "leader": make_user("boss", role="leader", region_code="610900"),
        "unit": make_user("land", role="unit", region_code="610900", unit=land),
    }


def _hanyin_items(people):
    services.create_cadence(
        by=people["hanyin"],
        region=region("610921"),
        kind="monthly",
        title="汉阴县月度调度会",
        item_kind="meeting",
        starts_on=D(2026, 9, 1),
        today=D(2026, 11, 29),
    )
    services.open_due_items(D(2026, 11, 5))
    return list(WorkItem.objects.order_by("period_start"))


def test_create_and_list_cadences(client, people):
    client.force_login(people["city"])
    body = {
        "region_code": "610900",
        "kind": "quarterly",
        "title": "季度约谈",
        "item_kind": "summons",
        "offset_workdays": 5,
        "responsible": "市工信局运行科",
    }
    created = client.post("/api/v1/dispatch/cadences", body, content_type=JSON)
    assert created.status_code == 201, created.content
    assert created.json()["kind_label"] == "季约谈"
    assert created.json()["starts_on"] == str(dt.date.today())
    bad = client.post("/api/v1/dispatch/cadences", {**body, "kind": "daily"}, content_type=JSON)
    assert bad.status_code == 400 and "未知的调度周期" in bad.json()["detail"]
    cadence_id = created.json()["id"]
    patched = client.patch(
        f"/api/v1/dispatch/cadences/{cadence_id}", {"active": False}, content_type=JSON
    )
    assert patched.json()["active"] is False
    client.force_login(people["hanbin"])
    # The county sees its own routine, not the city's.
    assert client.get("/api/v1/dispatch/cadences").json() == []


def test_a_county_cannot_see_or_complete_another_countys_items(client, people):
    september, _ = _hanyin_items(people)
    client.force_login(people["hanbin"])
    assert client.get("/api/v1/dispatch/items").json() == []
    assert client.get("/api/v1/dispatch/items?region=610921").status_code == 404
    done = client.post(f"/api/v1/dispatch/items/{september.pk}/done", {}, content_type=JSON)
    assert done.status_code == 404
    skip = client.post(
        f"/api/v1/dispatch/items/{september.pk}/skip", {"reason": "x"}, content_type=JSON
    )
    assert skip.status_code == 404
    meeting = client.post(
        "/api/v1/dispatch/meetings",
        {
            "region_code": "610902",
            "kind": "dispatch",
            "title": "调度会",
            "held_on": "2026-10-09",
            "work_item_id": september.pk,
        },
        content_type=JSON,
    )
    assert meeting.status_code == 404
    assert client.get("/api/v1/regions/610921/dispatch/counts").status_code == 404
    assert WorkItem.objects.get(pk=september.pk).state == "open"


def test_the_county_completes_its_own_items(client, people):
    september, october = _hanyin_items(people)
    client.force_login(people["hanyin"])
    rows = client.get("/api/v1/dispatch/items?state=open").json()
    assert [(row["period_key"], row["due_on"], row["overdue"]) for row in rows] == [
        ("2026-09", "2026-10-10", True),
        ("2026-10", "2026-11-04", True),
    ]
    done = client.post(
        f"/api/v1/dispatch/items/{september.pk}/done",
        {"on": "2026-10-09", "note": "已召开"},
        content_type=JSON,
    )
    assert done.status_code == 200, done.content
    assert (done.json()["state_label"], done.json()["done_by"]) == ("已完成", "hanyin")
    again = client.post(f"/api/v1/dispatch/items/{september.pk}/done", {}, content_type=JSON)
    assert again.status_code == 400 and "已完成" in again.json()["detail"]
    skip = client.post(
        f"/api/v1/dispatch/items/{october.pk}/skip", {"reason": "并入季度约谈"}, content_type=JSON
    )
    assert skip.json()["state"] == "skipped"
    assert AuditEntry.objects.filter(actor=people["hanyin"], target_type="WorkItem").count() == 2


def test_leader_reads_but_cannot_write(client, people):
    september, _ = _hanyin_items(people)
    client.force_login(people["leader"])
    assert len(client.get("/api/v1/dispatch/items?region=610921").json()) == 2
    cadence = client.post(
        "/api/v1/dispatch/cadences",
        {"region_code": "610900", "kind": "weekly", "title": "周分析", "item_kind": "analysis"},
        content_type=JSON,
    )
    assert cadence.status_code == 403 and "只读" in cadence.json()["detail"]
    assert (
        client.post(
            f"/api/v1/dispatch/items/{september.pk}/done", {}, content_type=JSON
        ).status_code
        == 403
    )
    meeting = client.post(
        "/api/v1/dispatch/meetings",
        {"region_code": "610900", "kind": "study", "title": "专题研究", "held_on": "2026-10-09"},
        content_type=JSON,
    )
    assert meeting.status_code == 403
    assert Cadence.objects.count() == 1 and not AuditEntry.objects.filter(actor=people["leader"])


def test_a_unit_sees_nothing_of_the_routine(client, people):
    _hanyin_items(people)
    client.force_login(people["unit"])
    assert client.get("/api/v1/dispatch/items").json() == []
    assert client.get("/api/v1/regions/610900/dispatch/counts").status_code == 404


def test_meeting_tasks_and_counts_through_the_api(client, people):
    september, _ = _hanyin_items(people)
    client.force_login(people["city"])
    logged = client.post(
        "/api/v1/dispatch/meetings",
        {
            "region_code": "610921",
            "kind": "dispatch",
            "title": "汉阴县9月调度会",
            "held_on": "2026-10-09",
            "chair": "县长",
            "decisions": "加快技改项目入库",
            "work_item_id": september.pk,
        },
        content_type=JSON,
    )
    assert logged.status_code == 201, logged.content
    meeting_id = logged.json()["id"]
    assert WorkItem.objects.get(pk=september.pk).state == "done"
    task = client.post(
        f"/api/v1/dispatch/meetings/{meeting_id}/tasks",
        {"description": "技改项目入库", "owner": "汉阴县工信局", "due_on": "2026-10-30"},
        content_type=JSON,
    )
    assert task.status_code == 201, task.content
    client.force_login(people["hanbin"])
    hidden = client.post(f"/api/v1/dispatch/tasks/{task.json()['id']}/done", {}, content_type=JSON)
    assert hidden.status_code == 404
    client.force_login(people["hanyin"])
    done = client.post(
        f"/api/v1/dispatch/tasks/{task.json()['id']}/done", {"on": "2026-10-28"}, content_type=JSON
    )
    assert done.json()["state"] == "done"
    meetings = client.get("/api/v1/dispatch/meetings?kind=dispatch").json()
    assert [m["tasks"][0]["state_label"] for m in meetings] == ["已办结"]
    counts = client.get("/api/v1/regions/610921/dispatch/counts?start=2026-07-01&end=2026-10-31")
    body = counts.json()
    assert body["w03"] == (
        "2026年7月1日至2026年10月31日，汉阴县开展0次专题研究、1次调度会、0次调研督导，发出0次预警提醒"
    )
    # The September meeting, held on 9 October, keeps September (its item), not October:
    # October (wholly in the window) had no 调度会.
    (compliance,) = body["compliance"]
    assert (compliance["rule"], compliance["judged"], compliance["kept"]) == (
        "每月至少一次调度会",
        2,
        False,
    )
    assert [gap["key"] for gap in compliance["missing"]] == ["2026-10"]
    assert [item["period_key"] for item in body["overdue_items"]] == ["2026-10"]
