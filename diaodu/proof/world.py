"""A small world for the access matrix and the API contract: two counties of 安康 (汉滨 610902
and 汉阴 610921), each with an enterprise and its facts, an import batch, an appeal, a project
with a contract indicator, a target, a warning and a dispatch routine — all made through the
apps' own services — and one user of every role.

Every object of a county carries the county's marker in its name (汉滨公开 / 汉阴保密), so a
response that mentions 汉阴保密 to a user of 汉滨 is a leak whatever the endpoint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from diaodu.accounts.models import Unit
from diaodu.appeals import services as appeals
from diaodu.appeals.models import Appeal, Category
from diaodu.core.periods import Period
from diaodu.dispatch import services as dispatch
from diaodu.dispatch.models import Cadence, FollowUpTask, Meeting, WorkItem
from diaodu.enterprises.models import Enterprise
from diaodu.ingest.models import ImportBatch
from diaodu.ingest.services import import_monthly
from diaodu.projects.models import ContractIndicator, Project
from diaodu.projects.services import add_indicator, create_project
from diaodu.proof import fuzz
from diaodu.regions.models import Region
from diaodu.reports.issue import issue_bulletin
from diaodu.reports.models import IssuedBulletin
from diaodu.targets.models import AssessmentScheme, Target
from diaodu.targets.services import set_target
from diaodu.testing import make_user, region
from diaodu.warnings.models import Rule, Warning

CITY, OWN, FOREIGN = "610900", "610902", "610921"
MARKERS = {OWN: "汉滨公开", FOREIGN: "汉阴保密"}
PERIOD = "2026-08"
ROLES = ("city_admin", "city_analyst", "county_user", "unit", "leader")


@dataclass
class County:
    code: str
    region: Region
    enterprise: Enterprise
    batch: ImportBatch  # the county's own import
    appeal: Appeal
    project: Project
    indicator: ContractIndicator
    target: Target
    warning: Warning
    cadence: Cadence
    item: WorkItem
    meeting: Meeting
    task: FollowUpTask
    bulletin: IssuedBulletin


@dataclass
class World:
    users: dict[str, Any]  # admin, analyst, hanbin, hanyin, leader, unit
    units: dict[str, Unit]  # the unit user's unit ("land") and another ("water")
    counties: dict[str, County] = field(default_factory=dict)
    city_batch: ImportBatch | None = None  # one file of the whole city, as the bureau sends it
    city_target: Target | None = None  # the city's, to hand down to its counties

    @property
    def own(self) -> County:
        return self.counties[OWN]

    @property
    def foreign(self) -> County:
        return self.counties[FOREIGN]


def build_world() -> World:
    world = World(users=_users(), units={})
    world.units = {"land": world.users["unit"].profile.unit, "water": _unit("市水利局")}
    world.city_batch = _city_import(world)
    today = timezone.localdate()
    for code, county_user, unit in (
        (OWN, world.users["hanbin"], world.units["land"]),
        (FOREIGN, world.users["hanyin"], world.units["water"]),
    ):
        world.counties[code] = _county(world, code, county_user, unit, today)
    world.city_target = set_target(
        region=region(CITY),
        year=today.year,
        indicator="规上工业总产值",
        kind="growth",
        value=Decimal(7),
        by=world.users["analyst"],
    )
    return world


def _unit(name: str) -> Unit:
    return Unit.objects.create(name=name, region=region(CITY))


def _users() -> dict[str, Any]:
    land = _unit("市自然资源局")
    return {
        "admin": make_user("proof-admin", role="city_admin", region_code=CITY),
        "analyst": make_user("proof-analyst", role="city_analyst", region_code=CITY),
        "hanbin": make_user("proof-hanbin", role="county_user", region_code=OWN),
        "hanyin": make_user("proof-hanyin", role="county_user", region_code=FOREIGN),
        "leader": make_user("proof-leader", role="leader", region_code=CITY),
        "unit": make_user("proof-unit", role="unit", region_code=CITY, unit=land),
    }


def _row(code: str, serial: int, ytd: int) -> list[object]:  # one enterprise of the file
    uscc = fuzz.make_uscc(serial, region_code=code)
    return [uscc, f"{MARKERS[code]}企业{serial}", code, "1311", 10, ytd, 9, 70, "在库"]


def _city_import(world: World) -> ImportBatch:
    """The city's file of both counties, imported twice (a correction): the second report
    names the enterprises whose figures changed, in both counties."""
    batch = None
    for ytd in (80, 81):
        rows: list[list[object]] = [list(fuzz.HEADER), _row(OWN, 1, ytd), _row(FOREIGN, 2, ytd)]
        data = fuzz.xlsx_bytes(rows)
        analyst = world.users["analyst"]
        result = import_monthly(data, file_name="全市月报.xlsx", period=PERIOD, user=analyst)
        assert result.ok, result.errors
        batch = result.batch
    assert batch is not None
    return batch


def _county(world: World, code: str, county_user: Any, unit: Unit, today: dt.date) -> County:
    """The county's own objects, made by its own user where the service lets it."""
    place = region(code)
    marker = MARKERS[code]
    batch = _county_import(code, county_user)
    serial = 1 if code == OWN else 2
    enterprise = Enterprise.objects.get(uscc=fuzz.make_uscc(serial, region_code=code))
    appeal = _appeal(world, county_user, enterprise, unit, marker, today)
    project = create_project(
        by=county_user,
        name=f"{marker}项目",
        code=f"PROOF-{code}",
        region=place,
        nature="new",
        total_investment_wan="5000",
        annual_plan_wan="1000",
        stage="reserve",
        year=today.year,
    )
    indicator = add_indicator(
        project, name="投资强度", unit="万元/亩", agreed="300", by=county_user
    )
    target = set_target(
        region=place,
        year=today.year,
        indicator="规上工业总产值",
        kind="growth",
        value=Decimal(8),
        by=world.users["analyst"],
        note=f"{marker}目标",
    )
    AssessmentScheme.objects.create(
        region=place, year=today.year, indicator=QUERY_VALUES["indicator"], points=Decimal(10)
    )
    warning = Warning.objects.create(
        rule=Rule.objects.get(kind="behind_target"),
        key=f"proof:{code}",
        level="yellow",
        title=f"{marker}预警",
        subject_type="region",
        subject_id=code,
        subject_name=place.name,
        region=place,
        raised_on=today,
    )
    cadence, item, meeting, task = _routine(county_user, place, marker, today)
    bulletin = issue_bulletin(
        place, Period.parse(PERIOD), by=world.users["analyst"], note=f"{marker}通报"
    )
    return County(
        code, place, enterprise, batch, appeal, project, indicator, target, warning,
        cadence, item, meeting, task, bulletin,
    )  # fmt: skip


def _county_import(code: str, county_user: Any) -> ImportBatch:
    serial = 3 if code == OWN else 4
    rows: list[list[object]] = [list(fuzz.HEADER), _row(code, serial, 80)]
    result = import_monthly(
        fuzz.xlsx_bytes(rows), file_name=f"{MARKERS[code]}.xlsx", period="2026-07", user=county_user
    )
    assert result.ok and result.batch is not None, result.errors
    return result.batch


def _appeal(
    world: World, county_user: Any, enterprise: Enterprise, unit: Unit, marker: str, today: dt.date
) -> Appeal:
    category = Category.objects.order_by("pk").first()
    assert category is not None  # shipped by the migrations
    appeal = appeals.register_appeal(
        by=county_user,
        title=f"{marker}诉求",
        category=category,
        received_on=today - dt.timedelta(days=20),
        source="forum",
        enterprise=enterprise,
    )
    return appeals.assign(
        appeal, lead_unit=unit, on=today - dt.timedelta(days=19), by=world.users["analyst"]
    )


def _routine(
    county_user: Any, place: Region, marker: str, today: dt.date
) -> tuple[Cadence, WorkItem, Meeting, FollowUpTask]:
    cadence = dispatch.create_cadence(
        by=county_user,
        region=place,
        kind="monthly",
        title=f"{marker}调度",
        item_kind="meeting",
        starts_on=today - dt.timedelta(days=90),
        today=today,
    )
    dispatch.open_due_items(today)
    item = WorkItem.objects.filter(cadence=cadence).order_by("period_start").first()
    assert item is not None
    meeting = dispatch.log_meeting(
        by=county_user, region=place, kind="dispatch", title=f"{marker}会议", held_on=today
    )
    task = dispatch.add_follow_up(
        meeting, by=county_user, description=f"{marker}任务", owner="县工信局"
    )
    return cadence, item, meeting, task


def path_values(county: County, world: World) -> dict[str, str]:
    """A value for every path parameter of the API, naming this county's objects."""
    return {
        "code": county.code,
        "uscc": county.enterprise.uscc,
        "number": county.appeal.number,
        "project_id": str(county.project.pk),
        "indicator_id": str(county.indicator.pk),
        "target_id": str(county.target.pk),
        "warning_id": str(county.warning.pk),
        "batch_id": str(county.batch.pk),
        "cadence_id": str(county.cadence.pk),
        "item_id": str(county.item.pk),
        "meeting_id": str(county.meeting.pk),
        "task_id": str(county.task.pk),
        "issued_id": str(county.bulletin.pk),
        "kind": "behind_target",  # warning rules are the city's, not a county's
    }


# Required query parameters, by name: values that make the request meaningful.
QUERY_VALUES: dict[str, str] = {
    "period": PERIOD,
    "indicator": "规上工业增加值",
    "group": "制造业",
    "base_year": "2024",
    "latest_year": "2026",
}


def body_hints(world: World) -> dict[str, Any]:
    """Values for request-body properties, by name, that the views accept: a refusal then
    comes from the role or the scope, not from a bad value."""
    own = world.own
    return {
        "region_code": OWN,
        "region": OWN,
        "county_code": OWN,
        "uscc": own.enterprise.uscc,
        "enterprise_uscc": own.enterprise.uscc,
        "category": "用地建设",
        "source": "forum",
        "received_on": "2026-11-02",
        "held_on": "2026-11-27",
        "on": "2026-11-27",
        "due_on": None,
        "due": None,
        "starts_on": None,
        "planned_start": None,
        "planned_completion": None,
        "handed_down_on": None,
        "year": 2026,
        "indicator": "规上工业总产值",
        "value": "9",
        "title": "证明用事项",
        "name": "证明用名称",
        "code": "PROOF-NEW",
        "text": "证明用说明",
        "reason": "证明用说明",
        "note": "证明用说明",
        "lead_unit_id": world.units["land"].pk,
        "co_unit_ids": [],
        "meeting_id": None,
        "work_item_id": None,
        "allow_duplicate": True,
        "difficulty": "general",
        "method": "uniform",
        "values": {},
        "period": "2026-08",
        "amount_wan": "10",
        "total_investment_wan": "100",
        "annual_plan_wan": "10",
        "nature": "new",
        "industry": "1311",
        "to_stage": "started",
        "outcome": "resolved",
        "satisfaction": "satisfied",
        "actual": "250",
        "agreed": "300",
        "unit": "万元/亩",
        "months": [1],
        "reduction_percent": 100,
        "thresholds": None,
        "active": None,
        "tier": "expected",
        "kind": "growth",
        "item_kind": "meeting",
        "offset_workdays": 3,
        "description": "证明用任务",
        "owner": "县工信局",
    }


def body_overrides() -> dict[str, Any]:
    """Whole bodies for the operations whose hints collide (a `kind` of several kinds) or
    that take a file: valid files, built afresh for each request."""
    return {
        "POST /api/v1/dispatch/cadences": {"kind": "monthly"},
        "POST /api/v1/dispatch/meetings": {"kind": "dispatch"},
        "POST /api/v1/imports/monthly": lambda: {
            "file": _upload("月报.xlsx", fuzz.xlsx_bytes([fuzz.HEADER, _row(OWN, 5, 80)])),
            "period": PERIOD,
        },
        "POST /api/v1/targets/import": lambda: {"file": _upload("目标.xlsx", _targets_file())},
        "POST /api/v1/appeals/import": lambda: {"file": _upload("诉求.xlsx", _appeals_file())},
        "POST /api/v1/projects/import": lambda: {"file": _upload("项目.xlsx", _projects_file())},
    }


def _upload(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def _filled(template: bytes, rows: list[dict[str, object]]) -> bytes:
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(template))
    sheet = workbook.active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(str(name)) for name in header])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _targets_file() -> bytes:
    from diaodu.targets.ledger import targets_template

    row = [2026, OWN, "汉滨区", "规上工业增加值", "增速", "预期", "7", "%", "市工信局", ""]
    return _filled(targets_template(), [dict(zip(_header(targets_template()), row, strict=False))])


def _header(template: bytes) -> list[str]:
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(template)).active
    assert sheet is not None
    return [str(cell.value) for cell in sheet[1]]


def _appeals_file() -> bytes:
    from diaodu.appeals.ledger import appeals_template

    row = {
        "统一社会信用代码": fuzz.make_uscc(3, region_code=OWN),
        "企业名称": f"{MARKERS[OWN]}企业3",
        "诉求来源": "其他",
        "提出日期": dt.date(2026, 11, 2),
        "问题类别": "资金保障",
        "问题": "证明用诉求",
    }
    return _filled(appeals_template(), [row])


def _projects_file() -> bytes:
    from diaodu.projects.ledger import export_ledger

    return export_ledger(Project.objects.filter(code=f"PROOF-{OWN}"))
