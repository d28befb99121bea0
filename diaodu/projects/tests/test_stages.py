"""The stage rule of services.check_move, one clause per test."""

import datetime as dt

import pytest

from diaodu.accounts.models import AuditEntry
from diaodu.projects.models import StageChange
from diaodu.projects.services import ProjectError, move_stage
from diaodu.projects.tests.factories import make_project

D = dt.date


@pytest.mark.django_db
def test_forward_moves_keep_history_and_audit(city_analyst):
    project = make_project(stage="lead")
    move_stage(project, "signed", D(2026, 1, 10), evidence="合作协议", by=city_analyst)
    move_stage(project, "started", D(2026, 3, 1), evidence="开工令", by=city_analyst)

    # 签约 → 开工 skips 储备: allowed, skipping forward before 竣工 is fine.
    assert project.stage == "started"
    assert project.stage_date == D(2026, 3, 1)
    history = list(
        StageChange.objects.filter(project=project).values_list("from_stage", "to_stage")
    )
    assert history == [("lead", "signed"), ("signed", "started")]
    moves = AuditEntry.objects.filter(action="move_stage", target_id=project.code)
    assert moves.count() == 2
    assert moves.first().actor == city_analyst


@pytest.mark.django_db
def test_no_skipping_to_full_production_without_producing():
    project = make_project(stage="completed")
    with pytest.raises(ProjectError, match="进入「达产」前须先投产"):
        move_stage(project, "full_production", D(2026, 5, 1))
    move_stage(project, "producing", D(2026, 5, 1))
    move_stage(project, "full_production", D(2026, 11, 1))
    assert project.stage == "full_production"


@pytest.mark.django_db
def test_no_producing_without_completion():
    project = make_project(stage="building")
    with pytest.raises(ProjectError, match="进入「投产」前须先竣工") as refused:
        move_stage(project, "producing", D(2026, 5, 1))
    assert refused.value.label == "项目阶段"
    project.refresh_from_db()
    assert project.stage == "building"
    assert not StageChange.objects.filter(project=project).exists()


@pytest.mark.django_db
def test_no_moving_back_or_staying():
    project = make_project(stage="building")
    with pytest.raises(ProjectError, match="只能向前推进"):
        move_stage(project, "reserve", D(2026, 5, 1))
    with pytest.raises(ProjectError, match="已处于「在建」"):
        move_stage(project, "building", D(2026, 5, 1))


@pytest.mark.django_db
def test_dates_are_monotonic():
    project = make_project(stage="reserve")
    move_stage(project, "started", D(2026, 4, 1))
    with pytest.raises(ProjectError, match="2026-03-31早于上次阶段变更日期2026-04-01"):
        move_stage(project, "building", D(2026, 3, 31))
    # The same day as the last move is not "before" it.
    move_stage(project, "building", D(2026, 4, 1))
    assert project.stage == "building"


@pytest.mark.django_db
def test_suspension_needs_a_reason_and_resumes_to_the_stage_before():
    project = make_project(stage="building")
    with pytest.raises(ProjectError, match="「原因」停建须说明原因"):
        move_stage(project, "suspended", D(2026, 6, 1), reason="  ")
    move_stage(project, "suspended", D(2026, 6, 1), reason="资金未到位")
    assert project.previous_stage == "building"
    assert project.effective_stage == "building"

    with pytest.raises(ProjectError, match="只能恢复到停建前的「在建」阶段"):
        move_stage(project, "completed", D(2026, 7, 1))
    move_stage(project, "building", D(2026, 7, 1), evidence="复工报告")
    assert (project.stage, project.previous_stage) == ("building", "")


@pytest.mark.django_db
def test_only_projects_under_construction_can_be_suspended():
    project = make_project(stage="completed")
    with pytest.raises(ProjectError, match="只有签约至在建的项目可以停建"):
        move_stage(project, "suspended", D(2026, 6, 1), reason="停产")


@pytest.mark.django_db
def test_termination_needs_a_reason_and_is_final():
    project = make_project(stage="signed")
    with pytest.raises(ProjectError, match="「原因」终止须说明原因"):
        move_stage(project, "terminated", D(2026, 6, 1))
    move_stage(project, "terminated", D(2026, 6, 1), reason="企业撤资")
    assert project.effective_stage == "signed"
    with pytest.raises(ProjectError, match="项目已终止"):
        move_stage(project, "reserve", D(2026, 7, 1))
