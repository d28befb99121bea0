"""The Excel ledger (项目台账) bureaus keep: template, all-or-nothing import, export.

The sheet has one project per row under a header row of Chinese column names (any order;
half-width brackets accepted). The 18 columns of the template are required; 台账年度 and
招引来源 are optional trailing columns, written by the export so that it reads back as is.
An existing 项目代码 updates that project; a changed 项目阶段 is a stage move dated today
and checked by the stage rule."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.db import transaction
from django.utils import timezone
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from diaodu.accounts.models import Unit
from diaodu.core.codes import normalize_uscc, uscc_error
from diaodu.core.money import is_blank
from diaodu.enterprises.models import Enterprise, Industry
from diaodu.projects.models import Nature, Project, Source, Stage
from diaodu.projects.selectors import unit_near
from diaodu.projects.services import (
    ProjectError,
    apply_fields,
    check_move,
    create_project,
    move_stage,
    snapshot,
    update_project,
)
from diaodu.regions.models import Region
from diaodu.regions.selectors import is_within, region_by_code, user_region

# (header, Project field); the first 18 are the template's required columns.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("项目名称", "name"),
    ("项目代码", "code"),
    ("县区代码", "region"),
    ("园区", "park"),
    ("统一社会信用代码", "uscc"),
    ("企业名称", "enterprise_name"),
    ("行业代码", "industry"),
    ("产业链", "chain"),
    ("建设性质", "nature"),
    ("总投资（万元）", "total_investment_wan"),
    ("年度计划投资（万元）", "annual_plan_wan"),
    ("计划开工日期", "planned_start"),
    ("计划竣工日期", "planned_completion"),
    ("预计新增产值（万元）", "expected_output_wan"),
    ("包抓领导", "leader"),
    ("责任单位", "unit"),
    ("用地（亩）", "land_mu"),
    ("项目阶段", "stage"),
    ("台账年度", "year"),
    ("招引来源", "source"),
)
REQUIRED_HEADERS = tuple(header for header, _ in COLUMNS[:18])
TEMPLATE_ROWS = 1000  # the drop-downs cover this many data rows
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


@dataclass
class ImportSummary:
    created: int
    updated: int
    unchanged: int


class CellError(Exception):
    """One bad cell; collected, never shown alone."""


# ---------------------------------------------------------------- writing


def _workbook(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "项目台账"
    sheet.append([header for header, _ in COLUMNS])
    for row in rows:
        sheet.append(row)
    for index, (header, field) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(header) * 2 + 2)
        if field in ("planned_start", "planned_completion"):
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
    _add_choices(sheet)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_choices(sheet: Any) -> None:
    """Drop-downs for the columns with fixed values, so the file comes back clean."""
    for field, choices in (("nature", Nature), ("stage", Stage), ("source", Source)):
        column = get_column_letter([f for _, f in COLUMNS].index(field) + 1)
        labels = ",".join(str(choice.label) for choice in choices)
        validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
        validation.error = f"请从下拉列表中选择：{labels}"
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}{TEMPLATE_ROWS + 1}")


def ledger_template() -> bytes:
    """The empty ledger handed out to bureaus (.xlsx)."""
    return _workbook([])


def _row_of(project: Project) -> list[Any]:
    values: dict[str, Any] = {
        "region": project.region.code,
        "industry": project.industry_id or "",
        "unit": project.unit.name if project.unit else "",
        "nature": Nature(project.nature).label,
        "stage": Stage(project.stage).label,
        "source": Source(project.source).label if project.source else "",
    }
    row = []
    for _, field in COLUMNS:
        value = values[field] if field in values else getattr(project, field)
        row.append("" if value is None else value)
    return row


def export_ledger(projects: Any) -> bytes:
    """The given projects as a ledger that import_ledger reads back unchanged."""
    rows = projects.select_related("region", "unit").order_by("code")
    return _workbook([_row_of(project) for project in rows])


# ---------------------------------------------------------------- reading


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code Excel stored as a number
    return "" if is_blank(value) else str(value).strip()


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError("不是日期，应写作 2026-03-01")


def _choice(value: object, choices: Any, *, required: bool) -> str:
    text = _text(value)
    if not text:
        if required:
            raise CellError("必填")
        return ""
    for choice in choices:
        if text in (choice.label, choice.value):
            return str(choice.value)
    raise CellError(f"应为{'、'.join(str(c.label) for c in choices)}之一，实际为“{text}”")


def _region(value: object, by: Any) -> Region:
    code = _text(value)
    if not code:
        raise CellError("必填")
    region = region_by_code(code)
    home = user_region(by) if by is not None else None
    if region is None or (home is not None and not is_within(region, home)):
        raise CellError(f"{code}不存在或不在您的管辖范围内")
    return region


def _unit(value: object, region: Region | None) -> Unit | None:
    name = _text(value)
    if not name:
        return None
    unit = unit_near(region, name) if region else None
    if unit is None:
        raise CellError(f"“{name}”不是本地区的责任单位")
    return unit


def _industry(value: object) -> Industry | None:
    code = _text(value)
    if not code:
        return None
    industry = Industry.objects.filter(pk=code).first()
    if industry is None:
        raise CellError(f"{code}不是国民经济行业代码")
    return industry


def _uscc(value: object) -> str:
    code = normalize_uscc(_text(value))
    problem = uscc_error(code) if code else None
    if problem:
        raise CellError(problem)
    return code


def _year(value: object) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not text.isdigit() or not 1900 <= int(text) <= 2999:
        raise CellError(f"应为四位年份，实际为“{text}”")
    return int(text)


def _parse_cell(field: str, value: object, by: Any, region: Region | None) -> Any:
    parsers: dict[str, Any] = {
        "region": lambda v: _region(v, by),
        "unit": lambda v: _unit(v, region),
        "industry": _industry,
        "uscc": _uscc,
        "nature": lambda v: _choice(v, Nature, required=True),
        "stage": lambda v: _choice(v, Stage, required=True),
        "source": lambda v: _choice(v, Source, required=False),
        "planned_start": _date,
        "planned_completion": _date,
        "year": _year,
    }
    if field in parsers:
        return parsers[field](value)
    if field.endswith(("_wan", "_mu")):
        return None if is_blank(value) else value  # checked by the services
    return _text(value)


@dataclass
class _Row:
    number: int
    fields: dict[str, Any]
    project: Project | None  # the existing project of that code


def _header_map(header: tuple[Any, ...]) -> dict[str, int]:
    def clean(value: object) -> str:
        return _text(value).replace(" ", "").replace("(", "（").replace(")", "）")

    found = {clean(value): index for index, value in enumerate(header)}
    missing = [name for name in REQUIRED_HEADERS if name not in found]
    if missing:
        raise ProjectError(f"表头缺少列：{'、'.join(f'「{name}」' for name in missing)}")
    return {header: found[header] for header, _ in COLUMNS if header in found}


def _read_rows(file_bytes: bytes) -> list[tuple[Any, ...]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(file_bytes), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ProjectError("文件不是有效的Excel（.xlsx）文件") from None
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    if not rows:
        raise ProjectError("文件是空的，第一行应为表头")
    return rows


def _parse_row(
    number: int, values: tuple[Any, ...], columns: dict[str, int], by: Any, errors: list[str]
) -> _Row:
    fields: dict[str, Any] = {}
    for header, field in COLUMNS:
        if header not in columns:
            continue
        value = values[columns[header]] if columns[header] < len(values) else None
        try:
            fields[field] = _parse_cell(field, value, by, fields.get("region"))
        except CellError as error:
            errors.append(f"第{number}行「{header}」：{error}")
    return _Row(number, fields, Project.objects.filter(code=fields.get("code")).first())


def _with_defaults(row: _Row) -> dict[str, Any]:
    """The row's fields as the services take them: the enterprise linked by its code."""
    fields = dict(row.fields)
    uscc = fields.get("uscc")
    fields["enterprise"] = Enterprise.objects.filter(uscc=uscc).first() if uscc else None
    fields["annual_plan_wan"] = fields.get("annual_plan_wan") or 0
    if not fields.get("year"):
        fields["year"] = row.project.year if row.project else timezone.localdate().year
    if "source" not in fields and row.project:
        fields["source"] = row.project.source
    return fields


def _check_row(row: _Row, today: dt.date, errors: list[str]) -> None:
    """Run the services' own checks on an unsaved copy, reporting the cell they name."""
    fields = _with_defaults(row)
    stage = fields.pop("stage")
    draft = Project.objects.get(pk=row.project.pk) if row.project else Project(stage=stage)
    try:
        apply_fields(draft, fields)
        if row.project and stage != row.project.stage:
            check_move(row.project, stage, today, reason="台账导入")
    except ProjectError as error:
        errors.append(f"第{row.number}行「{error.label or '项目'}」：{error.reason}")


def _validate(file_bytes: bytes, by: Any) -> list[_Row]:
    rows = _read_rows(file_bytes)
    columns = _header_map(rows[0])
    errors: list[str] = []
    parsed: list[_Row] = []
    first_row_of: dict[str, int] = {}
    for number, values in enumerate(rows[1:], start=2):
        if all(is_blank(value) for value in values):
            continue
        known = len(errors)
        row = _parse_row(number, values, columns, by, errors)
        code = row.fields.get("code")
        if code and code in first_row_of:
            errors.append(f"第{number}行「项目代码」：{code}与第{first_row_of[code]}行重复")
        elif code:
            first_row_of[code] = number
        if len(errors) == known:  # the cross-field checks need every cell of the row
            _check_row(row, timezone.localdate(), errors)
        parsed.append(row)
    if errors:
        raise ProjectError("台账有误，未导入任何数据：\n" + "\n".join(errors))
    if not parsed:
        raise ProjectError("台账中没有项目")
    return parsed


@transaction.atomic
def import_ledger(file_bytes: bytes, by: Any = None) -> ImportSummary:
    """Create or update every project of the file, or, if any cell is wrong, nothing.

    The error lists every bad cell as "第N行「列名」：reason" (N is the Excel row)."""
    summary = ImportSummary(created=0, updated=0, unchanged=0)
    today = timezone.localdate()
    for row in _validate(file_bytes, by):
        fields = _with_defaults(row)
        stage = fields.pop("stage")
        if row.project is None:
            create_project(by=by, stage=stage, **fields)
            summary.created += 1
            continue
        before = snapshot(row.project)
        update_project(row.project, by=by, **fields)
        if stage != row.project.stage:
            evidence = f"台账导入第{row.number}行"
            move_stage(row.project, stage, today, evidence=evidence, reason="台账导入", by=by)
        if snapshot(row.project) == before:
            summary.unchanged += 1
        else:
            summary.updated += 1
    return summary
