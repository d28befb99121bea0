"""Projects to update: stage moves and monthly investment through the services."""

import pytest
from django.utils import timezone

from diaodu.projects.models import MonthlyInvestment
from diaodu.web.tests.markup import form_ids, unlabelled_fields

pytestmark = pytest.mark.django_db


def step(client, project, name, **fields):
    data = {f"{name}-{key}": value for key, value in fields.items()}
    return client.post(f"/projects/{project.pk}/{name}/", data)


def test_the_list_shows_the_years_projects_against_time_progress(client, world):
    client.force_login(world.analyst)
    page = client.get("/projects/?period=2024-08").content.decode()
    assert "汉滨新材料产业园" in page and "汉阴食品扩建" in page
    assert "时间进度 66.7%" in page and "投资滞后" in page


def test_the_behind_filter_keeps_only_late_projects(client, world):
    client.force_login(world.analyst)
    page = client.get("/projects/?period=2024-08&show=late").content.decode()
    assert "汉滨新材料产业园" not in page  # already building: not a late start


def test_a_county_user_sees_its_projects_and_gets_404_for_the_neighbours(client, world):
    client.force_login(world.hanbin)
    page = client.get("/projects/?period=2024-08").content.decode()
    assert "汉滨新材料产业园" in page and "汉阴食品扩建" not in page
    assert client.get(f"/projects/{world.other_project.pk}/").status_code == 404
    assert (
        step(client, world.other_project, "stage", to_stage="started", on="2024-08-01").status_code
        == 404
    )


def test_a_stage_move_is_saved_with_its_history(client, world):
    client.force_login(world.hanbin)
    response = step(
        client,
        world.project,
        "stage",
        to_stage="completed",
        on="2024-08-20",
        evidence="竣工验收报告",
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "阶段变更已保存" in page and "竣工验收报告" in page
    world.project.refresh_from_db()
    assert world.project.stage == "completed"


def test_a_move_the_rule_refuses_shows_the_services_message(client, world):
    client.force_login(world.hanbin)
    response = step(client, world.project, "stage", to_stage="producing", on="2024-08-20")
    page = response.content.decode()
    assert response.status_code == 400 and "进入「投产」前须先竣工" in page


def test_monthly_investment_is_recorded_and_a_bad_amount_refused(client, world):
    client.force_login(world.unit_user)  # the project's responsible unit
    assert (
        step(client, world.project, "investment", period="2024-08", amount_wan="300.5").status_code
        == 302
    )
    assert MonthlyInvestment.objects.get(project=world.project).amount_wan == 300.5
    response = step(client, world.project, "investment", period="2024-08", amount_wan="-1")
    assert response.status_code == 400 and "不能为负数" in response.content.decode()


def test_a_leader_sees_no_form_and_cannot_post(client, world):
    client.force_login(world.leader)
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert form_ids(page) == []
    response = step(client, world.project, "stage", to_stage="completed", on="2024-08-20")
    assert "领导账号只读" in client.get(response.url).content.decode()
    world.project.refresh_from_db()
    assert world.project.stage == "building"


def test_every_project_form_field_has_a_label(client, world):
    client.force_login(world.analyst)
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert form_ids(page) == ["form-stage", "form-investment"]
    assert unlabelled_fields(page) == []


def test_the_date_field_offers_today(client, world):
    client.force_login(world.analyst)
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
