"""The Excel ledger: the template, an export that imports back as is, all-or-nothing import."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from diaodu.accounts.models import AuditEntry, Unit
from diaodu.enterprises.models import Industry
from diaodu.projects.ledger import REQUIRED_HEADERS, export_ledger, import_ledger, ledger_template
from diaodu.projects.models import Project, StageChange
from diaodu.projects.services import ProjectError, snapshot
from diaodu.projects.tests.factories import make_project
from diaodu.testing import make_enterprise, make_uscc, region


def sheet_of(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def to_bytes(sheet) -> bytes:
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    return buffer.getvalue()


def two_projects() -> list[Project]:
    unit = Unit.objects.create(name="汉滨区发改局", region=region("610902"))
    company = make_enterprise(county="610902")
    return [
        make_project(
            code="HB-001", name="年产10万吨新材料项目", park="汉滨高新区", enterprise=company,
            industry=Industry.objects.get(pk="1311"), chain="新材料", nature="expansion", total_investment_wan="12345.67",
            annual_plan_wan="3000.5", planned_start=dt.date(2026, 3, 1),
            planned_completion=dt.date(2027, 6, 30), expected_output_wan="45000",
            leader="李副区长", unit=unit, land_mu="120.5", stage="building", source="roadshow",
        ),
        # A company not registered yet: code and name kept as text.
        make_project(
            code="HB-002", uscc=make_uscc(), enterprise_name="新设公司", nature="tech_upgrade",
            total_investment_wan=800, annual_plan_wan=0, stage="lead", year=2025,
        ),
    ]  # fmt: skip


@pytest.mark.django_db
def test_template_has_the_chinese_header_and_drop_downs():
    sheet = sheet_of(ledger_template())
    header = [cell.value for cell in sheet[1]]
    assert tuple(header[:18]) == REQUIRED_HEADERS
    assert header[:3] == ["项目名称", "项目代码", "县区代码"]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["I2:I1001"] == '"新建,续建,扩建,改建,技改"'
    assert lists["R2:R1001"] == '"线索,签约,储备,开工,在建,竣工,投产,达产,停建,终止"'


@pytest.mark.django_db
def test_export_imports_back_unchanged_and_recreates_after_deletion(city_analyst):
    originals = {p.code: snapshot(p) for p in two_projects()}
    data = export_ledger(Project.objects.all())

    # Into the same ledger: nothing changes, nothing is audited as an update.
    summary = import_ledger(data, by=city_analyst)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)
    assert not AuditEntry.objects.filter(action="update_project").exists()

    # Into an empty ledger: the same projects, field by field (enterprise relinked by USCC).
    Project.objects.all().delete()
    summary = import_ledger(data, by=city_analyst)
    assert summary.created == 2
    assert {p.code: snapshot(p) for p in Project.objects.all()} == originals


@pytest.mark.django_db
def test_an_existing_code_updates_the_project_with_audit_and_stage_move(city_analyst):
    two_projects()
    sheet = sheet_of(export_ledger(Project.objects.all()))
    sheet["K2"] = 3500  # 年度计划投资 of HB-001
    sheet["R2"] = "竣工"  # 在建 → 竣工, a stage move dated today
    summary = import_ledger(to_bytes(sheet), by=city_analyst)

    assert (summary.updated, summary.unchanged) == (1, 1)
    project = Project.objects.get(code="HB-001")
    assert (project.annual_plan_wan, project.stage) == (Decimal("3500.00"), "completed")
    update = AuditEntry.objects.get(action="update_project")
    assert (update.before["annual_plan_wan"], update.after["annual_plan_wan"]) == (
        "3000.50",
        "3500.00",
    )
    assert StageChange.objects.get(project=project).evidence == "台账导入第2行"


@pytest.mark.django_db
def test_two_bad_cells_change_nothing_and_are_both_named(city_analyst):
    two_projects()
    sheet = sheet_of(export_ledger(Project.objects.all()))
    sheet["A2"] = "改过的名称"  # a valid change that must not land
    sheet["J2"] = "一千万"  # 总投资 of row 2
    sheet["I3"] = "新造"  # 建设性质 of row 3
    before = {p.code: snapshot(p) for p in Project.objects.all()}

    with pytest.raises(ProjectError) as refused:
        import_ledger(to_bytes(sheet), by=city_analyst)

    message = str(refused.value)
    assert "第2行「总投资（万元）」：不是数字" in message
    assert "第3行「建设性质」：应为新建、续建、扩建、改建、技改之一，实际为“新造”" in message
    assert {p.code: snapshot(p) for p in Project.objects.all()} == before
    assert not AuditEntry.objects.filter(action="update_project").exists()


@pytest.mark.django_db
def test_cross_field_and_stage_rule_errors_name_their_cell(county_user):
    two_projects()
    sheet = sheet_of(export_ledger(Project.objects.all()))
    sheet["K2"] = 99999  # 年度计划 above 总投资 12345.67
    sheet["R3"] = "达产"  # 线索 → 达产 skips 投产
    sheet["C4"], sheet["A4"], sheet["B4"] = "610921", "邻县项目", "HY-1"  # not 汉滨区's
    sheet["I4"], sheet["J4"], sheet["R4"] = "新建", 100, "储备"

    with pytest.raises(ProjectError) as refused:
        import_ledger(to_bytes(sheet), by=county_user)

    lines = str(refused.value).splitlines()[1:]
    assert lines == [
        "第2行「年度计划投资（万元）」：不能超过总投资",
        "第3行「项目阶段」：进入「达产」前须先投产，当前为「线索」",
        "第4行「县区代码」：610921不存在或不在您的管辖范围内",
    ]


@pytest.mark.django_db
def test_a_file_without_the_columns_is_refused():
    workbook = openpyxl.Workbook()
    workbook.active.append(["项目名称", "项目代码"])
    with pytest.raises(ProjectError, match="表头缺少列：「县区代码」"):
        import_ledger(to_bytes(workbook.active))
    with pytest.raises(ProjectError, match="不是有效的Excel"):
        import_ledger(b"not a workbook")
