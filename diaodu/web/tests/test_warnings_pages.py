"""Warnings (预警): the list red first within the user's scope, one warning with its
evidence and history, and the steps each role may take through the services."""

import pytest

from diaodu.warnings.models import Warning
from diaodu.web.tests.markup import form_ids, table_rows, unlabelled_fields

pytestmark = pytest.mark.django_db


def step(client, warning, name, **fields):
    data = {f"{name}-{key}": value for key, value in fields.items()}
    return client.post(f"/warnings/{warning.pk}/{name}/", data)


def listed(client, query=""):
    """The titles listed (an empty list shows one cell saying so)."""
    page = client.get(f"/warnings/{query}").content.decode()
    return [row[1] for row in table_rows(page, "table-warnings") if len(row) > 1]


def test_the_city_lists_every_open_warning_red_first(client, world):
    client.force_login(world.analyst)
    response = client.get("/warnings/")
    assert response.status_code == 200
    rows = table_rows(response.content.decode(), "table-warnings")
    assert [row[0] for row in rows] == ["红色", "橙色", "橙色", "黄色"]
    assert rows[0][1] == world.unit_warning.title


def test_the_list_filters_by_level_and_state(client, world):
    client.force_login(world.analyst)
    assert listed(client, "?level=yellow") == [world.other_warning.title]
    assert listed(client, "?state=sent") == [world.unit_warning.title]
    assert listed(client, "?state=closed") == []
    Warning.objects.filter(pk=world.warning.pk).update(state=Warning.State.CLOSED)
    assert world.warning.title not in listed(client)  # open: new and sent only
    assert listed(client, "?state=closed") == [world.warning.title]
    assert world.warning.title in listed(client, "?state=all")


def test_a_county_user_sees_only_its_countys_warnings(client, world):
    client.force_login(world.hanbin)
    assert sorted(listed(client)) == sorted([world.warning.title, world.unit_warning.title])
    assert client.get(f"/warnings/{world.warning.pk}/").status_code == 200
    assert client.get(f"/warnings/{world.other_warning.pk}/").status_code == 404
    assert client.get(f"/warnings/{world.city_warning.pk}/").status_code == 404
    response = step(client, world.other_warning, "acknowledge", reply="已约谈企业")
    assert response.status_code == 404
    world.other_warning.refresh_from_db()
    assert world.other_warning.state == Warning.State.NEW


def test_a_unit_sees_the_warnings_addressed_to_it(client, world):
    client.force_login(world.unit_user)
    assert listed(client) == [world.unit_warning.title]
    page = client.get(f"/warnings/{world.unit_warning.pk}/").content.decode()
    assert form_ids(page) == ["form-acknowledge"]
    assert client.get(f"/warnings/{world.warning.pk}/").status_code == 404


def test_the_detail_shows_the_evidence_and_the_history(client, world):
    client.force_login(world.analyst)
    page = client.get(f"/warnings/{world.unit_warning.pk}/").content.decode()
    evidence = table_rows(page, "table-evidence")
    # PostgreSQL's jsonb keeps its own key order: the rows, not their order, are the point.
    assert sorted(evidence) == sorted(
        [["办理期限", "2024-08-01"], ["超期工作日", "12"], ["书面说明", "否"]]
    )
    events = table_rows(page, "table-events")
    assert [row[1:3] for row in events] == [["发出", "系统"]]
    assert f'href="/appeals/{world.overdue.number}/"' in page  # the subject links to it
    growth = table_rows(
        client.get(f"/warnings/{world.warning.pk}/").content.decode(), "table-evidence"
    )
    assert sorted(growth) == sorted([["累计增速", "2.65"], ["较上月变化（百分点）", "-2.62"]])


def test_a_county_user_acknowledges_its_warning_and_the_history_grows(client, world):
    client.force_login(world.hanbin)
    page = client.get(f"/warnings/{world.warning.pk}/").content.decode()
    assert form_ids(page) == ["form-acknowledge"]  # no 发送 or 关闭 for a county
    response = step(client, world.warning, "acknowledge", reply="已约谈下滑企业，9月恢复满产")
    assert response.status_code == 302 and response.url == f"/warnings/{world.warning.pk}/"
    world.warning.refresh_from_db()
    assert world.warning.state == Warning.State.ACKNOWLEDGED
    assert world.warning.reply == "已约谈下滑企业，9月恢复满产"
    page = client.get(response.url).content.decode()
    assert "反馈已提交" in page and form_ids(page) == []
    events = table_rows(page, "table-events")
    assert [row[1] for row in events] == ["发出", "反馈"]
    assert events[1][2] == "hanbin" and events[1][3] == "已约谈下滑企业，9月恢复满产"
    assert table_rows(
        client.get("/warnings/?state=acknowledged").content.decode(), "table-warnings"
    )


def test_an_empty_reply_is_shown_beside_the_form(client, world):
    client.force_login(world.hanbin)
    response = step(client, world.warning, "acknowledge", reply="")
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    world.warning.refresh_from_db()
    assert world.warning.state == Warning.State.NEW


def test_the_city_sends_then_closes_a_warning(client, world):
    client.force_login(world.analyst)
    page = client.get(f"/warnings/{world.warning.pk}/").content.decode()
    assert form_ids(page) == ["form-send", "form-close"]  # 汉滨 answers for it, not the city
    assert step(client, world.warning, "send", text="请汉滨区分析原因").status_code == 302
    world.warning.refresh_from_db()
    assert world.warning.state == Warning.State.SENT
    page = client.get(f"/warnings/{world.warning.pk}/").content.decode()
    assert form_ids(page) == ["form-close"]
    assert step(client, world.warning, "close", text="已跟踪").status_code == 302
    world.warning.refresh_from_db()
    assert world.warning.state == Warning.State.CLOSED
    kinds = [
        row[1]
        for row in table_rows(
            client.get(f"/warnings/{world.warning.pk}/").content.decode(), "table-events"
        )
    ]
    assert kinds == ["发出", "发送", "关闭"]


def test_the_city_answers_for_its_own_warning(client, world):
    client.force_login(world.analyst)
    page = client.get(f"/warnings/{world.city_warning.pk}/").content.decode()
    assert form_ids(page) == ["form-send", "form-acknowledge", "form-close"]


def test_a_second_send_is_refused_in_the_services_words(client, world):
    client.force_login(world.analyst)
    response = step(client, world.unit_warning, "send", text="")  # already sent
    assert response.status_code == 302
    assert "只有新预警可以发送" in client.get(response.url).content.decode()


def test_a_leader_reads_the_warnings_but_is_offered_no_form(client, world):
    client.force_login(world.leader)
    assert len(listed(client)) == 4
    page = client.get(f"/warnings/{world.warning.pk}/").content.decode()
    assert form_ids(page) == [] and "领导账号只读" in page
    response = step(client, world.warning, "send", text="")
    assert "无权发送预警" in client.get(response.url).content.decode()
    world.warning.refresh_from_db()
    assert world.warning.state == Warning.State.NEW


def test_every_field_of_every_warning_form_has_a_label(client, world):
    client.force_login(world.analyst)
    assert (
        unlabelled_fields(client.get(f"/warnings/{world.city_warning.pk}/").content.decode()) == []
    )
    client.force_login(world.hanbin)
    assert unlabelled_fields(client.get(f"/warnings/{world.warning.pk}/").content.decode()) == []


def test_the_list_exports_to_excel(client, world):
    client.force_login(world.analyst)
    response = client.get("/warnings/export.xlsx?state=open&level=red")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_dashboard_counts_open_warnings_by_level(client, world):
    client.force_login(world.analyst)
    page = client.get("/").content.decode()
    assert 'data-figure="warnings-open">4<' in page
    for level, count in (("red", 1), ("orange", 2), ("yellow", 1), ("blue", 0)):
        assert f'data-figure="warnings-{level}">{count}<' in page
    assert 'href="/warnings/?state=open&amp;level=red"' in page
    client.force_login(world.hanbin)
    page = client.get("/").content.decode()
    assert 'data-figure="warnings-open">2<' in page  # its own two, not 汉阴's or the city's
