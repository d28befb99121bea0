"""Appeals to handle: each form posts to one service step; refusals show in Chinese."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from diaodu.appeals import services
from diaodu.appeals.models import Appeal, Category
from diaodu.web.tests.markup import form_ids, unlabelled_fields

pytestmark = pytest.mark.django_db


def step(client, appeal, name, **fields):
    data = {f"{name}-{key}": value for key, value in fields.items()}
    return client.post(f"/appeals/{appeal.number}/{name}/", data)


def today() -> str:
    return timezone.localdate().isoformat()


def test_a_unit_lists_the_appeals_it_leads_with_the_overdue_one_flagged(client, world):
    client.force_login(world.unit_user)
    page = client.get("/appeals/").content.decode()
    assert world.overdue.number in page and world.fresh.number in page
    assert world.waiting.number not in page  # not assigned to the unit
    assert "已超期，待书面说明" in page


def test_an_overdue_appeal_offers_the_unit_only_the_written_explanation(client, world):
    client.force_login(world.unit_user)
    page = client.get(f"/appeals/{world.overdue.number}/").content.decode()
    assert form_ids(page) == ["form-explain"]
    assert "须由牵头单位先提交书面说明" in page


def test_the_unit_explains_in_writing_and_then_may_reply(client, world):
    client.force_login(world.unit_user)
    response = step(client, world.overdue, "explain", text="银行授信审批周期长", on=today())
    assert response.status_code == 302
    page = client.get(f"/appeals/{world.overdue.number}/").content.decode()
    assert "书面说明已提交" in page and "银行授信审批周期长" in page
    assert form_ids(page) == ["form-reply", "form-note"]
    response = step(client, world.overdue, "reply", outcome="resolved", text="已续贷", on=today())
    assert response.status_code == 302
    world.overdue.refresh_from_db()
    assert world.overdue.stage == Appeal.Stage.REPLIED and world.overdue.reply == "已续贷"


def test_a_reply_before_the_explanation_is_refused_with_the_services_words(client, world):
    client.force_login(world.unit_user)
    response = step(client, world.overdue, "reply", outcome="resolved", text="已续贷", on=today())
    assert response.status_code == 302  # the reply form is not on the page: said on top
    page = client.get(response.url).content.decode()
    assert "须由承办单位先提交书面说明" in page
    world.overdue.refresh_from_db()
    assert world.overdue.stage == Appeal.Stage.ASSIGNED


def test_an_empty_explanation_is_shown_beside_the_form(client, world):
    client.force_login(world.unit_user)
    response = step(client, world.overdue, "explain", text="", on=today())
    page = response.content.decode()
    assert response.status_code == 400 and "这个字段是必填项" in page


def test_a_date_after_today_is_refused_by_the_service(client, world):
    client.force_login(world.unit_user)
    response = step(client, world.fresh, "note", text="对接供电公司", on="2999-01-01")
    assert response.status_code == 400 and "晚于今天" in response.content.decode()


def test_the_city_assigns_a_registered_appeal(client, world):
    client.force_login(world.analyst)
    page = client.get(f"/appeals/{world.waiting.number}/").content.decode()
    assert "form-assign" in form_ids(page)
    response = step(client, world.waiting, "assign", lead_unit=world.unit.pk, on=today())
    assert response.status_code == 302
    world.waiting.refresh_from_db()
    assert world.waiting.stage == Appeal.Stage.ASSIGNED and world.waiting.lead_unit == world.unit


def test_the_city_supervises_an_explained_appeal_and_closes_it_after_the_reply(client, world):
    client.force_login(world.unit_user)
    step(client, world.overdue, "explain", text="审批周期长", on=today())
    client.force_login(world.analyst)
    assert (
        step(client, world.overdue, "supervise", on=today(), text="督查室督办").status_code == 302
    )
    client.force_login(world.unit_user)
    step(client, world.overdue, "reply", outcome="explained", text="政策不允许", on=today())
    client.force_login(world.analyst)
    page = client.get(f"/appeals/{world.overdue.number}/").content.decode()
    assert form_ids(page) == ["form-close", "form-reopen"]
    assert step(client, world.overdue, "close", satisfaction="basic", on=today()).status_code == 302
    world.overdue.refresh_from_db()
    assert world.overdue.stage == Appeal.Stage.CLOSED


def test_a_county_user_gets_404_for_another_countys_appeal(client, world):
    client.force_login(world.hanbin)
    assert client.get(f"/appeals/{world.waiting.number}/").status_code == 404
    response = step(client, world.waiting, "assign", lead_unit=world.unit.pk, on=today())
    assert response.status_code == 404
    assert world.waiting.number not in client.get("/appeals/?show=all").content.decode()


def test_a_leader_reads_the_appeals_but_is_offered_no_form(client, world):
    client.force_login(world.leader)
    page = client.get(f"/appeals/{world.waiting.number}/").content.decode()
    assert form_ids(page) == [] and "领导账号只读" in page
    response = step(client, world.waiting, "assign", lead_unit=world.unit.pk, on=today())
    assert "无权交办该诉求" in client.get(response.url).content.decode()
    world.waiting.refresh_from_db()
    assert world.waiting.stage == Appeal.Stage.REGISTERED


def test_every_field_of_every_appeal_form_has_a_label(client, world):
    client.force_login(world.analyst)
    for appeal in (world.waiting, world.fresh):
        assert unlabelled_fields(client.get(f"/appeals/{appeal.number}/").content.decode()) == []
    client.force_login(world.unit_user)
    for appeal in (world.overdue, world.fresh):
        assert unlabelled_fields(client.get(f"/appeals/{appeal.number}/").content.decode()) == []


def test_the_overdue_filter_lists_only_overdue_appeals(client, world):
    client.force_login(world.analyst)
    page = client.get("/appeals/?show=overdue").content.decode()
    assert world.overdue.number in page and world.fresh.number not in page


def test_the_list_reads_the_same_number_of_queries_for_more_appeals(client, world):
    client.force_login(world.analyst)
    with CaptureQueriesContext(connection) as few:
        client.get("/appeals/?show=all")
    category = Category.objects.get(name="人才技术")
    for number in range(5):
        services.register_appeal(
            by=world.analyst,
            title=f"第{number}个技术难题：{'甲乙丙丁戊'[number] * 8}",
            category=category,
            received_on=timezone.localdate(),
            source="hotline",
            enterprise=world.bing,
        )
    with CaptureQueriesContext(connection) as more:
        page = client.get("/appeals/?show=all").content.decode()
    assert "第4个技术难题" in page
    assert len(more.captured_queries) == len(few.captured_queries)


def test_an_appeal_past_its_routing_deadline_is_flagged_until_routed(client, world):
    """With a 交办时限, an appeal raised a month ago and never handed out is overdue in
    the list and says so on its page; the ones registered before the limit have none."""
    import datetime as dt

    from diaodu.appeals.models import RoutingLimit

    RoutingLimit.objects.create(workdays=2)
    late = services.register_appeal(
        by=world.analyst,
        title="环评手续办理慢",
        category=Category.objects.get(name="手续办理"),
        received_on=timezone.localdate() - dt.timedelta(days=30),
        source="hotline",
        enterprise=world.bing,
    )
    client.force_login(world.analyst)
    listed = client.get("/appeals/?show=overdue").content.decode()
    assert late.number in listed and "超过交办期限，待交办" in listed
    assert world.waiting.number not in listed  # registered before the limit was set
    page = client.get(f"/appeals/{late.number}/").content.decode()
    assert f"该诉求已超过交办期限（{late.route_due_on:%Y-%m-%d}），尚未交办" in page
