"""Every change to the project ledger: create, update, stage moves, investment, contract checks.

Each service runs in one transaction and writes an audit entry in it, so a change and its
record land together or not at all. Refusals raise ProjectError with a Chinese message that
names the field (「字段」), shown to users as is.

Stage rule (check_move):
- the pipeline is 线索 → 签约 → 储备 → 开工 → 在建 → 竣工 → 投产 → 达产; moves go forward only;
- steps before 竣工 may be skipped (a lead signed and started in the same week is recorded
  straight as 开工), but 竣工 → 投产 → 达产 are milestones checked at acceptance and review:
  投产 may only be entered from 竣工, and 达产 only from 投产;
- a move may not be dated before the project's last move (stage_date); the same day is fine;
- 停建 (from 签约 to 在建: construction can stop only before it is finished) and 终止 (from any
  stage but 终止) need a reason; a suspended project may only resume to the stage it was at
  when suspended, or be terminated; a terminated project never moves again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from diaodu.accounts.services import audit
from diaodu.core.money import AmountError, is_blank, to_decimal
from diaodu.core.periods import Period, PeriodError
from diaodu.projects.models import (
    PIPELINE,
    ContractIndicator,
    MonthlyInvestment,
    Nature,
    Project,
    Source,
    Stage,
    StageChange,
)
from diaodu.regions.models import Region


class ProjectError(ValueError):
    """A refused change; the message is for users, in Chinese, and names the field.

    `label` is the field's Chinese name (the ledger's column header) and `reason` the rest,
    so that the ledger import can say which cell is wrong."""

    def __init__(self, reason: str, *, label: str = "") -> None:
        self.label, self.reason = label, reason
        super().__init__(f"「{label}」{reason}" if label else reason)


# Entering these stages requires being exactly at the stage given: the milestones.
GATES: dict[str, str] = {Stage.PRODUCING: Stage.COMPLETED, Stage.FULL_PRODUCTION: Stage.PRODUCING}
SUSPENDABLE = (Stage.SIGNED, Stage.RESERVE, Stage.STARTED, Stage.BUILDING)

# Fields a caller may set through create_project / update_project, with their labels.
FIELD_LABELS: dict[str, str] = {
    "name": "项目名称",
    "code": "项目代码",
    "region": "县区代码",
    "park": "园区",
    "enterprise": "企业",
    "uscc": "统一社会信用代码",
    "enterprise_name": "企业名称",
    "industry": "行业代码",
    "chain": "产业链",
    "nature": "建设性质",
    "total_investment_wan": "总投资（万元）",
    "annual_plan_wan": "年度计划投资（万元）",
    "planned_start": "计划开工日期",
    "planned_completion": "计划竣工日期",
    "expected_output_wan": "预计新增产值（万元）",
    "leader": "包抓领导",
    "unit": "责任单位",
    "land_mu": "用地（亩）",
    "stage": "项目阶段",
    "stage_date": "阶段日期",
    "source": "招引来源",
    "year": "台账年度",
}


def stage_label(value: str) -> str:
    return str(Stage(value).label) if value in Stage.values else value


# The ledger's columns hold 14 digits with 2 decimals: anything from 10¹² 万元 on is a typo.
MAX_AMOUNT_WAN = Decimal(10) ** 12


def amount(value: object, label: str, *, required: bool = True) -> Decimal | None:
    """A non-negative figure with at most two decimals, as the ledger keeps it."""
    if is_blank(value):
        if required:
            raise ProjectError("必填", label=label)
        return None
    try:
        number = to_decimal(value)
    except AmountError as error:
        raise ProjectError(f"{error}", label=label) from None
    if number < 0:
        raise ProjectError("不能为负数", label=label)
    if number >= MAX_AMOUNT_WAN:
        raise ProjectError("数值过大（应小于一万亿万元）", label=label)
    if number != number.quantize(Decimal("0.01")):
        raise ProjectError("最多保留两位小数", label=label)
    return number.quantize(Decimal("0.01"))


def required_amount(value: object, label: str) -> Decimal:
    number = amount(value, label)
    assert number is not None  # amount() raises for a blank required figure
    return number


def snapshot(project: Project) -> dict[str, Any]:
    """The project's fields as JSON for the audit log (foreign keys by their codes)."""
    data: dict[str, Any] = {}
    for field in FIELD_LABELS:
        value = getattr(project, field)
        if isinstance(value, Region):
            value = value.code
        elif field == "enterprise":
            value = value.uscc if value else None
        elif field in ("industry", "unit"):
            value = value.pk if value else None
        elif isinstance(value, Decimal | dt.date):
            value = str(value)
        data[field] = value
    return data


def _check_fields(project: Project) -> None:
    if not project.name.strip():
        raise ProjectError("必填", label="项目名称")
    if not project.code.strip():
        raise ProjectError("必填", label="项目代码")
    if project.region_id is None:
        raise ProjectError("必填", label="县区代码")
    if not project.year:
        raise ProjectError("必填", label="台账年度")
    if project.region.level not in (Region.Level.COUNTY, Region.Level.ZONE):
        raise ProjectError(f"{project.region.code}不是县区或功能区", label="县区代码")
    if project.nature not in Nature.values:
        raise ProjectError(f"应为{'、'.join(str(n.label) for n in Nature)}之一", label="建设性质")
    if project.stage not in Stage.values:
        raise ProjectError(f"应为{'、'.join(str(s.label) for s in Stage)}之一", label="项目阶段")
    if project.source and project.source not in Source.values:
        raise ProjectError(f"应为{'、'.join(str(s.label) for s in Source)}之一", label="招引来源")
    for field in ("total_investment_wan", "annual_plan_wan", "expected_output_wan", "land_mu"):
        required = field in ("total_investment_wan", "annual_plan_wan")
        value = amount(getattr(project, field), FIELD_LABELS[field], required=required)
        setattr(project, field, value)
    if project.annual_plan_wan > project.total_investment_wan:
        raise ProjectError("不能超过总投资", label="年度计划投资（万元）")
    start, end = project.planned_start, project.planned_completion
    if start and end and end < start:
        raise ProjectError("不能早于计划开工日期", label="计划竣工日期")


def apply_fields(project: Project, fields: dict[str, Any]) -> None:
    """Set and check fields on a project without saving (the import checks drafts this way)."""
    unknown = set(fields) - set(FIELD_LABELS)
    if unknown:
        raise ProjectError(f"未知字段：{'、'.join(sorted(unknown))}")
    for field, value in fields.items():
        setattr(project, field, value)
    if project.enterprise is not None:
        # The directory is the authority on the name and code once the company is linked.
        project.enterprise_name = project.enterprise.name
        project.uscc = project.enterprise.uscc
    _check_fields(project)


@transaction.atomic
def create_project(*, by: Any, **fields: Any) -> Project:
    """A new ledger line; `fields` are Project fields (region, unit… as objects)."""
    project = Project()
    apply_fields(project, fields)
    if Project.objects.filter(code=project.code).exists():
        raise ProjectError(f"{project.code}已存在", label="项目代码")
    project.save()
    audit(
        actor=by,
        action="create_project",
        target_type="Project",
        target_id=project.code,
        summary=f"新建项目{project.name}",
        after=snapshot(project),
    )
    return project


@transaction.atomic
def update_project(project: Project, *, by: Any, **fields: Any) -> Project:
    """Change ledger fields (not the stage: that is a move, see move_stage)."""
    if "stage" in fields or "stage_date" in fields:
        raise ProjectError("须通过阶段变更修改", label="项目阶段")
    before = snapshot(project)
    apply_fields(project, fields)
    if Project.objects.filter(code=project.code).exclude(pk=project.pk).exists():
        raise ProjectError(f"{project.code}已存在", label="项目代码")
    after = snapshot(project)
    if after == before:
        return project
    project.save()
    audit(
        actor=by,
        action="update_project",
        target_type="Project",
        target_id=project.code,
        summary=f"修改项目{project.name}",
        before=before,
        after=after,
    )
    return project


def check_move(project: Project, to_stage: str, on: dt.date, reason: str = "") -> None:
    """Refuse a move the stage rule (module docstring) does not allow."""
    current = project.stage
    if to_stage not in Stage.values:
        raise ProjectError(f"不存在：{to_stage}", label="项目阶段")
    if current == Stage.TERMINATED:
        raise ProjectError("项目已终止，不能再变更阶段", label="项目阶段")
    if to_stage == current:
        raise ProjectError(f"项目已处于「{stage_label(current)}」阶段", label="项目阶段")
    if project.stage_date and on < project.stage_date:
        raise ProjectError(f"{on}早于上次阶段变更日期{project.stage_date}", label="日期")
    if to_stage in (Stage.SUSPENDED, Stage.TERMINATED):
        _check_stop(current, to_stage, reason)
    elif current == Stage.SUSPENDED:
        if to_stage != project.previous_stage:
            before = stage_label(project.previous_stage)
            raise ProjectError(f"停建项目只能恢复到停建前的「{before}」阶段", label="项目阶段")
    else:
        _check_forward(current, to_stage)


def _check_stop(current: str, to_stage: str, reason: str) -> None:
    if not reason.strip():
        raise ProjectError(f"{stage_label(to_stage)}须说明原因", label="原因")
    if to_stage == Stage.SUSPENDED and current not in SUSPENDABLE:
        raise ProjectError(
            f"只有签约至在建的项目可以停建，当前为「{stage_label(current)}」", label="项目阶段"
        )


def _check_forward(current: str, to_stage: str) -> None:
    if PIPELINE.index(to_stage) < PIPELINE.index(current):
        raise ProjectError(
            f"只能向前推进，不能从「{stage_label(current)}」退回「{stage_label(to_stage)}」",
            label="项目阶段",
        )
    gate = GATES.get(to_stage)
    if gate is not None and current != gate:
        raise ProjectError(
            f"进入「{stage_label(to_stage)}」前须先{stage_label(gate)}，"
            f"当前为「{stage_label(current)}」",
            label="项目阶段",
        )


@transaction.atomic
def move_stage(
    project: Project,
    to_stage: str,
    on: dt.date,
    evidence: str = "",
    reason: str = "",
    by: Any = None,
) -> StageChange:
    """Move a project to a stage on a date, keeping the history (see the rule above)."""
    # Lock the row: two moves at once must not both pass the rule on the same old stage.
    locked = Project.objects.select_for_update().get(pk=project.pk)
    check_move(locked, to_stage, on, reason)
    from_stage = locked.stage
    if to_stage in (Stage.SUSPENDED, Stage.TERMINATED):
        locked.previous_stage = locked.effective_stage
    else:
        locked.previous_stage = ""
    locked.stage, locked.stage_date = to_stage, on
    locked.save(update_fields=["stage", "stage_date", "previous_stage", "updated_at"])
    change = StageChange.objects.create(
        project=locked,
        from_stage=from_stage,
        to_stage=to_stage,
        on=on,
        evidence=evidence,
        reason=reason,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit(
        actor=by,
        action="move_stage",
        target_type="Project",
        target_id=locked.code,
        summary=f"{locked.name}：{stage_label(from_stage)}→{stage_label(to_stage)}（{on}）",
        before={"stage": from_stage},
        after={"stage": to_stage, "on": str(on), "evidence": evidence, "reason": reason},
    )
    project.refresh_from_db()
    return change


def _period(value: object) -> Period:
    try:
        return Period.parse(value)
    except PeriodError as error:
        raise ProjectError(f"{error}", label="月份") from None


@transaction.atomic
def record_investment(
    project: Project, period: object, amount_wan: object, by: Any = None
) -> MonthlyInvestment:
    """A month's completed investment (万元); recording the month again replaces it."""
    month = _period(period)
    value = required_amount(amount_wan, "完成投资（万元）")
    row = MonthlyInvestment.objects.filter(project=project, period=month.key).first()
    before = {"period": month.key, "amount_wan": str(row.amount_wan)} if row else None
    if row is None:
        row = MonthlyInvestment(project=project, period=month.key)
    row.amount_wan = value
    row.save()
    audit(
        actor=by,
        action="record_investment",
        target_type="Project",
        target_id=project.code,
        summary=f"{project.name}：{month.label}完成投资{value}万元",
        before=before,
        after={"period": month.key, "amount_wan": str(value)},
    )
    return row


@transaction.atomic
def add_indicator(
    project: Project,
    *,
    name: str,
    unit: str,
    agreed: object,
    due: dt.date | None = None,
    by: Any = None,
) -> ContractIndicator:
    """An agreed control indicator of the investment contract (e.g. 投资强度 万元/亩)."""
    if not name.strip():
        raise ProjectError("必填", label="指标")
    if not unit.strip():
        raise ProjectError("必填", label="单位")
    indicator = ContractIndicator.objects.create(
        project=project,
        name=name.strip(),
        unit=unit.strip(),
        agreed=required_amount(agreed, "约定值"),
        due=due,
    )
    audit(
        actor=by,
        action="add_indicator",
        target_type="Project",
        target_id=project.code,
        summary=f"{project.name}：约定{indicator.name}{indicator.agreed}{indicator.unit}",
        after={"name": indicator.name, "unit": indicator.unit, "agreed": str(indicator.agreed)},
    )
    return indicator


@transaction.atomic
def check_contract(
    indicator: ContractIndicator, actual: object, on: dt.date, by: Any = None
) -> ContractIndicator:
    """Record the figure found at acceptance or at the full-production review."""
    before = {"actual": None if indicator.actual is None else str(indicator.actual)}
    before["checked_on"] = str(indicator.checked_on) if indicator.checked_on else None
    indicator.actual = required_amount(actual, "实际值")
    indicator.checked_on = on
    indicator.save(update_fields=["actual", "checked_on"])
    breach = indicator.actual is not None and indicator.actual < indicator.agreed
    audit(
        actor=by,
        action="check_contract",
        target_type="Project",
        target_id=indicator.project.code,
        summary=f"{indicator.project.name}：{indicator.name}实际{indicator.actual}"
        f"{indicator.unit}（约定{indicator.agreed}）{'未达约定' if breach else '达到约定'}",
        before=before,
        after={"actual": str(indicator.actual), "checked_on": str(on)},
    )
    return indicator
