"""Imports: the monthly enterprise report and the official region figures.

All or nothing: a file with a single bad cell changes nothing, and the result lists
every problem. A re-import of a period replaces that period's figures in the counties
(and zones) the file covers; what it replaces moves to the history table, so nothing
is ever lost and a batch can be rolled back."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from diaodu.accounts.services import audit
from diaodu.analysis.rules import growth
from diaodu.core.memo import data_changed
from diaodu.core.money import fen_to_wan
from diaodu.core.periods import Period, PeriodError
from diaodu.enterprises.models import (
    FACT_FIGURE_FIELDS,
    DirectoryEntry,
    Enterprise,
    Industry,
    MonthlyFact,
)
from diaodu.ingest.indicators import FigureKey, FigureRecord, IndicatorLookups, parse_indicators
from diaodu.ingest.models import ImportBatch
from diaodu.ingest.monthly import (
    CellError,
    Lookups,
    MonthlyRecord,
    ParsedMonthly,
    read_and_parse_monthly,
)
from diaodu.ingest.readers import ReadError, read_table, source_bytes
from diaodu.regions.models import (
    Indicator,
    IndicatorAlias,
    Region,
    RegionCode,
    RegionFigure,
    RegionFigureHistory,
)

Progress = Callable[[int, int], None]
CHUNK = 900  # below SQLite's bound on variables in one statement
REPORT_LIST_LIMIT = 500  # enterprises listed by name in a stored report; counts are always complete


@dataclass
class ImportResult:
    ok: bool
    batch: ImportBatch | None
    errors: list[CellError] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _in_list(column: str, values: list) -> Iterable[tuple[str, list]]:
    """(condition, parameters) pairs that together select the rows whose `column` is one
    of `values`: one array parameter on PostgreSQL (a statement per 900 ids cost almost
    4 s when a 100,000-row month was re-imported), IN lists of CHUNK values on SQLite,
    which bounds the parameters of a statement."""
    if connection.vendor == "postgresql":
        if values:
            yield f"{column} = ANY(%s)", [values]
        return
    for chunk in _chunks(values):
        yield f"{column} IN ({', '.join(['%s'] * len(chunk))})", chunk


def _wan(fen: int | None) -> str | None:
    return None if fen is None else str(fen_to_wan(fen))


def _growth_text(current: int, prior: int) -> str | None:
    rate = growth(current, prior)
    return None if rate is None else str(rate.quantize(Decimal("0.0001")))


# --- reading and validating -------------------------------------------------------------


def load_lookups() -> Lookups:
    region_by_code = dict(RegionCode.objects.values_list("code", "region_id"))
    region_by_code.update(Region.objects.values_list("code", "id"))
    with_children = set(
        Region.objects.exclude(parent=None).values_list("parent_id", flat=True).distinct()
    )
    fact_regions = set()
    for region_id, level in Region.objects.values_list("id", "level"):
        if level in (Region.Level.COUNTY, Region.Level.ZONE):
            fact_regions.add(region_id)
        elif level == Region.Level.CITY and region_id not in with_children:
            fact_regions.add(region_id)  # 东莞, 中山, 儋州: no county-level children
    industries = set(
        Industry.objects.exclude(level=Industry.Level.SECTION).values_list("code", flat=True)
    )
    return Lookups(region_by_code, fact_regions, industries)


def _rejected(
    *,
    kind: str,
    file_name: str,
    sha256: str,
    errors: list[CellError],
    user: Any,
    period: Period | None,
    report: dict[str, Any] | None = None,
    county_ids: Iterable[int] = (),
) -> ImportResult:
    """Record the attempt (who, when, which file, why, and the counties its rows name:
    who may read it, ingest.selectors) and change nothing else."""
    report = visible_nul(
        {
            **(report or {}),
            "error_count": len(errors),
            "errors": [vars(e) for e in errors[:2000]],
        }
    )
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=kind,
            file_name=visible_nul(file_name),
            sha256=sha256,
            period=period.key if period else None,
            user=user if getattr(user, "is_authenticated", False) else None,
            status=ImportBatch.Status.REJECTED,
            report=report,
        )
        batch.counties.set(county_ids)
    return ImportResult(ok=False, batch=batch, errors=errors, report=report)


def _file_name(source: str | Path | BinaryIO | bytes, given: str | None) -> str:
    named = given or (Path(source).name if isinstance(source, str | Path) else "上传文件")
    return visible_nul(named)


def visible_nul(value: Any) -> Any:
    """The report of a refused file quotes the bad cells as they are; a NUL character
    among them is shown as ␀ (PostgreSQL cannot store NUL in text or JSON)."""
    if isinstance(value, str):
        return value.replace("\x00", "␀")
    if isinstance(value, dict):
        return {visible_nul(key): visible_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [visible_nul(item) for item in value]
    return value


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A big file makes hundreds of thousands of rows, dicts and records, none of them in
    reference cycles; the cyclic collector would scan them again and again (about a
    twentieth of a 100,000-row import). Reference counting still frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_monthly(
    source: str | Path | BinaryIO | bytes,
    *,
    file_name: str | None = None,
    period: str | None = None,
    sheet: str | None = None,
    user: Any = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a monthly enterprise report (contracts/monthly-enterprise-report.md)."""
    with _without_cycle_collection():
        return _import_monthly(source, file_name, period, sheet, user, progress)


def _import_monthly(
    source: str | Path | BinaryIO | bytes,
    file_name: str | None,
    period: str | None,
    sheet: str | None,
    user: Any,
    progress: Progress | None,
) -> ImportResult:
    name = _file_name(source, file_name)
    data = source_bytes(source)
    sha256 = hashlib.sha256(data).hexdigest()
    kind = ImportBatch.Kind.MONTHLY
    try:
        given_period = Period.parse(period) if period else None
    except PeriodError as problem:
        return _rejected(
            kind=kind,
            file_name=name,
            sha256=sha256,
            user=user,
            period=None,
            errors=[CellError(None, "--period", period or "", str(problem))],
        )
    try:
        sheet_name, parsed = read_and_parse_monthly(
            data,
            file_name=name,
            sheet=sheet,
            lookups=load_lookups(),
            period=given_period,
            progress=progress,
        )
    except ReadError as problem:
        return _rejected(
            kind=kind,
            file_name=name,
            sha256=sha256,
            user=user,
            period=given_period,
            errors=[CellError(None, "", "", str(problem))],
        )
    base_report = {
        "sheet": sheet_name,
        "unknown_columns": parsed.unknown_columns,
        "skipped_rows": parsed.skipped_rows,
    }
    if parsed.errors or parsed.period is None:
        return _rejected(
            kind=kind,
            file_name=name,
            sha256=sha256,
            user=user,
            period=parsed.period,
            errors=parsed.errors,
            report=base_report,
            county_ids=() if parsed.county_unknown else sorted(parsed.county_ids),
        )
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=kind,
            file_name=name,
            sha256=sha256,
            period=parsed.period.key,
            user=user if getattr(user, "is_authenticated", False) else None,
            status=ImportBatch.Status.ACCEPTED,
            row_count=len(parsed.records),
        )
        report = _write_monthly(parsed, batch=batch, progress=progress)
        batch.counties.set(report.pop("_county_ids"))
        batch.report = {**base_report, **report}
        batch.save(update_fields=["report"])
        audit(
            actor=user,
            action="import_monthly",
            target_type="ImportBatch",
            target_id=batch.pk,
            summary=f"{name}：{parsed.period} {len(parsed.records)}行",
            after={"sha256": sha256, "period": str(parsed.period)},
        )
    return ImportResult(ok=True, batch=batch, report=batch.report)


# --- writing ----------------------------------------------------------------------------


def _write_monthly(parsed: ParsedMonthly, *, batch: ImportBatch, progress: Progress | None) -> dict:
    period = parsed.period
    assert period is not None
    records = parsed.records
    county_ids = sorted({record.county_id for record in records})
    _lock_facts()
    _check_counties(county_ids)
    before = _county_sums(period)
    enterprise_ids, created, updated = _upsert_enterprises(records, period)
    replaced = _move_replaced_facts(period, county_ids, set(enterprise_ids.values()), batch)
    _insert_facts(records, enterprise_ids, period, batch, progress)
    _update_directory(records, enterprise_ids, period)
    return {
        "period": str(period),
        "rows": len(records),
        "created_enterprises": created,
        "updated_enterprises": updated,
        **_change_report(records, enterprise_ids, replaced),
        "growth_moves": _growth_moves(before, _county_sums(period), county_ids),
        "_county_ids": county_ids,
    }


def _county_sums(period: Period) -> dict[int, tuple[int, int]]:
    rows = (
        MonthlyFact.objects.filter(period=period.key)
        .values("county_id")
        .annotate(current=Sum("output_ytd"), prior=Sum("output_ytd_prior"))
        .order_by()
    )
    return {row["county_id"]: (row["current"] or 0, row["prior"] or 0) for row in rows}


def _execute_many(sql: str, rows: list[tuple], progress: Progress | None = None) -> None:
    """One statement for many rows: the ORM's per-object cost is what makes a
    100,000-row file slow, not the database."""
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
            if progress:
                progress(min(start + 5000, len(rows)), len(rows))


def insert_rows(
    table: str, columns: list[str], rows: list[tuple], progress: Progress | None = None
) -> None:
    """INSERT many rows: PostgreSQL's COPY (an INSERT a row costs a round trip each) in
    the binary format with the columns' types given once (psycopg then converts each
    value without looking its type up: a third less time on the client), SQLite's
    executemany (in-process, already fast)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        _execute_many(sql, rows, progress)
        return
    data_changed()  # COPY goes to psycopg directly, past core.memo's watch on statements
    listed = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {listed} FROM {table} LIMIT 0")
        types = [column.type_code for column in cursor.description]
        with cursor.cursor.copy(f"COPY {table} ({listed}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for done, row in enumerate(rows, start=1):
                copy.write_row(row)
                if progress and done % 5000 == 0:
                    progress(done, len(rows))
    if progress:
        progress(len(rows), len(rows))


def _update_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    """UPDATE table SET columns = … WHERE id = …, each row given as (*values, id). On
    PostgreSQL the rows are copied to a temporary table and joined in one statement."""
    if not rows:
        return
    if connection.vendor != "postgresql" or len(rows) < 1000:
        assignments = ", ".join(f"{column} = %s" for column in columns)
        _execute_many(f"UPDATE {table} SET {assignments} WHERE id = %s", rows)
        return
    with connection.cursor() as cursor:
        listed = ", ".join(columns)
        cursor.execute(
            f"CREATE TEMP TABLE diaodu_changes ON COMMIT DROP AS "
            f"SELECT {listed}, id FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY diaodu_changes ({listed}, id) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        assignments = ", ".join(f"{column} = diaodu_changes.{column}" for column in columns)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM diaodu_changes "
            f"WHERE {table}.id = diaodu_changes.id"
        )
        cursor.execute("DROP TABLE diaodu_changes")


def _existing_enterprises(usccs: list[str]) -> dict[str, tuple[int, str, int, str, str]]:
    """uscc → (id, name, county, industry, size class) of the enterprises already known."""
    columns = "uscc, id, name, county_id, industry_id, size_class"
    found = {}
    with connection.cursor() as cursor:
        if len(usccs) > 20 * CHUNK:  # a big file: one plain scan beats hundreds of IN lists
            wanted = set(usccs)
            cursor.execute(f"SELECT {columns} FROM enterprises_enterprise")
            return {row[0]: row[1:] for row in cursor.fetchall() if row[0] in wanted}
        for condition, values in _in_list("uscc", usccs):
            cursor.execute(
                f"SELECT {columns} FROM enterprises_enterprise WHERE {condition}", values
            )
            found.update({row[0]: row[1:] for row in cursor.fetchall()})
    return found


def _upsert_enterprises(
    records: list[MonthlyRecord], period: Period
) -> tuple[dict[str, int], int, int]:
    """Create the enterprises first seen, update name, county, industry and size class of
    the known ones, and record every new name; return uscc → id, created, changed."""
    known = _existing_enterprises([record.uscc for record in records])
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    new_rows = [
        (
            r.uscc,
            r.name,
            r.county_id,
            r.industry_code,
            "",
            r.size or "",
            False,
            now,
            now,
        )
        for r in records
        if r.uscc not in known
    ]
    insert_rows("enterprises_enterprise", ENTERPRISE_COLUMNS, new_rows)
    ids = {uscc: row[0] for uscc, row in known.items()}
    if new_rows:
        created = _existing_enterprises([row[0] for row in new_rows])
        ids.update({uscc: row[0] for uscc, row in created.items()})
    key = period.key
    names = [(ids[row[0]], row[1], key) for row in new_rows]
    changed, resized = [], []
    for record in records:  # plain values in this loop: it runs for every row of the file
        row = known.get(record.uscc)
        if row is None:
            continue
        enterprise_id, old_name, old_county, old_industry, old_size = row
        name, county, industry, size = (
            record.name, record.county_id, record.industry_code, record.size
        )  # fmt: skip
        if old_name != name or old_county != county or old_industry != industry:
            changed.append((name, county, industry, now, enterprise_id))
            if old_name != name:
                names.append((enterprise_id, name, key))
        if size is not None and size != old_size:
            resized.append((size, now, enterprise_id))
    _update_rows(
        "enterprises_enterprise", ["name", "county_id", "industry_id", "updated_at"], changed
    )
    _update_rows("enterprises_enterprise", ["size_class", "updated_at"], resized)
    insert_rows("enterprises_enterprisename", ["enterprise_id", "name", "first_period"], names)
    return ids, len(new_rows), len(changed)


ENTERPRISE_COLUMNS = [
    "uscc",
    "name",
    "county_id",
    "industry_id",
    "ownership",
    "size_class",
    "is_demo",
    "created_at",
    "updated_at",
]
FACT_COLUMNS = ["enterprise_id", "period", *FACT_FIGURE_FIELDS, "batch_id"]
_COLUMN_LIST = ", ".join(FACT_COLUMNS)


def _move_replaced_facts(
    period: Period, county_ids: list[int], enterprise_ids: set[int], batch: ImportBatch
) -> list[tuple[int, int, int, int, int]]:
    """Move this period's facts of the file's counties (and of the file's enterprises
    filed elsewhere before) to the history table; return (id, enterprise, county, C, P)."""
    rows = list(
        MonthlyFact.objects.filter(period=period.key, county_id__in=county_ids).values_list(
            "id", "enterprise_id", "county_id", "output_ytd", "output_ytd_prior"
        )
    )
    ids_in_counties = {row[0] for row in rows}
    if enterprise_ids:
        rows += [
            row
            for row in MonthlyFact.objects.filter(period=period.key)
            .exclude(county_id__in=county_ids)
            .values_list("id", "enterprise_id", "county_id", "output_ytd", "output_ytd_prior")
            if row[1] in enterprise_ids and row[0] not in ids_in_counties
        ]
    history = "enterprises_monthlyfacthistory"
    with connection.cursor() as cursor:
        for condition, ids in _in_list("id", [row[0] for row in rows]):
            cursor.execute(
                f"INSERT INTO {history} ({_COLUMN_LIST}, replaced_by_id, replaced_at) "
                f"SELECT {_COLUMN_LIST}, %s, %s FROM enterprises_monthlyfact WHERE {condition}",
                [batch.pk, batch.created_at, *ids],
            )
            cursor.execute(f"DELETE FROM enterprises_monthlyfact WHERE {condition}", ids)
    return rows


def _insert_facts(
    records: list[MonthlyRecord],
    enterprise_ids: dict[str, int],
    period: Period,
    batch: ImportBatch,
    progress: Progress | None,
) -> None:
    key, batch_id = period.key, batch.pk
    rows = [
        (
            enterprise_ids[r.uscc],
            key,
            r.county_id,
            r.industry_code[:2],
            r.industry_code,
            r.directory_status,
            *r.amounts,  # FACT_FIGURE_FIELDS' order (ingest.monthly.FIGURES)
            batch_id,
        )
        for r in records
    ]
    insert_rows("enterprises_monthlyfact", FACT_COLUMNS, rows, progress)


def _lock_facts() -> None:
    """On PostgreSQL, hold the fact table against deletes of the enterprises, regions and
    batches the facts name until the import commits: the facts' columns carry no
    foreign-key constraint, and the database's delete guards (enterprises migration 0008)
    wait for this lock, then see the committed facts and refuse. Taken before the import
    reads enterprises, so a delete committed first is seen by those reads. SQLite's
    import transaction holds the only write lock already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE enterprises_monthlyfact IN ROW EXCLUSIVE MODE")


def _check_counties(county_ids: list[int]) -> None:
    """Every county the facts will name exists: the lookups were read before the import's
    transaction, and the facts' county column has no database constraint. A failure is a
    defect or a region deleted meanwhile, never a user's mistake: the exception rolls the
    whole import back. (The enterprises are the ones this transaction read or created.)"""
    found: set[int] = set()
    with connection.cursor() as cursor:
        for condition, values in _in_list("id", county_ids):
            cursor.execute(f"SELECT id FROM regions_region WHERE {condition}", values)
            found.update(row[0] for row in cursor.fetchall())
    missing = [county_id for county_id in county_ids if county_id not in found]
    if missing:
        raise IntegrityError(f"导入中止：企业月度数据指向不存在的地区（id {missing[:5]}）")


def _update_directory(
    records: list[MonthlyRecord], enterprise_ids: dict[str, int], period: Period
) -> None:
    """The year's directory: 新入库 stays 新入库 for the rest of the year; 退库留基 is marked."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT enterprise_id, id, status, first_period FROM enterprises_directoryentry"
            " WHERE year = %s",
            [period.year],
        )
        existing = {row[0]: row[1:] for row in cursor.fetchall()}
    year, key = period.year, period.key
    new_entry, in_directory = DirectoryEntry.Status.NEW.value, DirectoryEntry.Status.IN.value
    new, changed = [], []
    for record in records:  # plain values in this loop: it runs for every row of the file
        enterprise_id = enterprise_ids[record.uscc]
        status = record.directory_status
        entry = existing.get(enterprise_id)
        if entry is None:
            new.append((enterprise_id, year, status, "", key, ""))
            continue
        entry_id, old_status, old_first = entry
        if old_status == new_entry and status == in_directory:
            status = new_entry
        first = old_first if old_first and old_first < key else key
        if old_status != status or old_first != first:
            changed.append((status, first, entry_id))
    insert_rows(
        "enterprises_directoryentry",
        ["enterprise_id", "year", "status", "entry_kind", "first_period", "note"],
        new,
    )
    _update_rows("enterprises_directoryentry", ["status", "first_period"], changed)


def _change_report(
    records: list[MonthlyRecord],
    enterprise_ids: dict[str, int],
    replaced: list[tuple[int, int, int, int, int]],
) -> dict[str, Any]:
    """Which enterprises lost their figures, and whose figures changed, by how much (万元)."""
    in_file = {enterprise_ids[r.uscc]: r for r in records}
    old = {row[1]: row for row in replaced}
    removed_ids = [enterprise_id for enterprise_id in old if enterprise_id not in in_file]
    changed = []
    for enterprise_id, record in in_file.items():
        row = old.get(enterprise_id)
        new_values = (record.figure("output_ytd"), record.figure("output_ytd_prior"))
        if row is not None and (row[3], row[4]) != new_values:
            changed.append(
                {
                    "uscc": record.uscc,
                    "name": record.name,
                    "old_output_ytd": _wan(row[3]),
                    "new_output_ytd": _wan(new_values[0]),
                    "old_output_ytd_prior": _wan(row[4]),
                    "new_output_ytd_prior": _wan(new_values[1]),
                }
            )
    names = dict(
        Enterprise.objects.filter(id__in=removed_ids[:REPORT_LIST_LIMIT]).values_list("id", "uscc")
    )
    labels = dict(
        Enterprise.objects.filter(id__in=removed_ids[:REPORT_LIST_LIMIT]).values_list("id", "name")
    )
    return {
        "replaced_rows": len(replaced),
        "removed_count": len(removed_ids),
        "removed": [
            {"uscc": names[i], "name": labels[i], "old_output_ytd": _wan(old[i][3])}
            for i in removed_ids[:REPORT_LIST_LIMIT]
        ],
        "changed_count": len(changed),
        "changed": changed[:REPORT_LIST_LIMIT],
    }


def _growth_moves(
    before: dict[int, tuple[int, int]], after: dict[int, tuple[int, int]], county_ids: list[int]
) -> list[dict[str, Any]]:
    """YTD output growth before and after, for each county of the file and the regions above
    it up to the city (ingest computes no other figure: the rule is analysis.rules.growth)."""
    parents: dict[int, int | None] = dict(Region.objects.values_list("id", "parent_id"))
    touched_ids = _ancestors(county_ids, parents)
    info = {r.id: r for r in Region.objects.filter(id__in=touched_ids)}
    old_sums, new_sums = _sums_up_the_tree(before, parents), _sums_up_the_tree(after, parents)
    moves = []
    for region_id in sorted(touched_ids, key=lambda rid: info[rid].code):
        if info[region_id].level not in ("county", "zone", "city"):
            continue
        old = old_sums.get(region_id, (0, 0))
        new = new_sums.get(region_id, (0, 0))
        moves.append(
            {
                "code": info[region_id].code,
                "name": info[region_id].name,
                "growth_before": _growth_text(*old),
                "growth_after": _growth_text(*new),
                "ytd_before": _wan(old[0]),
                "ytd_after": _wan(new[0]),
            }
        )
    return moves


def _ancestors(region_ids: Iterable[int], parents: dict[int, int | None]) -> list[int]:
    found: set[int] = set()
    for region_id in region_ids:
        node: int | None = region_id
        while node is not None and node not in found:
            found.add(node)
            node = parents.get(node)
    return list(found)


def _sums_up_the_tree(
    sums: dict[int, tuple[int, int]], parents: dict[int, int | None]
) -> dict[int, tuple[int, int]]:
    """Each county's (current, prior) added to every region above it."""
    totals: dict[int, tuple[int, int]] = {}
    for county_id, (current, prior) in sums.items():
        node: int | None = county_id
        while node is not None:
            c, p = totals.get(node, (0, 0))
            totals[node] = (c + current, p + prior)
            node = parents.get(node)
    return totals


# --- rolling back -----------------------------------------------------------------------


class RollbackError(ValueError):
    pass


@transaction.atomic
def rollback_batch(*, batch: ImportBatch, user: Any = None) -> ImportBatch:
    """Undo an accepted monthly batch: restore what it replaced, keep what it wrote in history
    (as rows whose batch and replaced_by are both this batch)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.kind != ImportBatch.Kind.MONTHLY or batch.status != ImportBatch.Status.ACCEPTED:
        raise RollbackError("只能撤销已导入的企业月度报表批次")
    county_ids = list(batch.counties.values_list("id", flat=True))
    later = ImportBatch.objects.filter(
        kind=batch.kind,
        status=ImportBatch.Status.ACCEPTED,
        period=batch.period,
        created_at__gt=batch.created_at,
        counties__in=county_ids,
    ).exclude(pk=batch.pk)
    if later.exists():
        raise RollbackError(
            f"之后已有批次（{later.first()}）覆盖了同一报告期和县区，请先撤销后面的批次"
        )
    history = "enterprises_monthlyfacthistory"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {history} WHERE replaced_by_id = %s",
            [batch.pk],
        )
        restored = cursor.fetchone()[0]
        cursor.execute(
            f"INSERT INTO {history} ({_COLUMN_LIST}, replaced_by_id, replaced_at) "
            f"SELECT {_COLUMN_LIST}, %s, %s FROM enterprises_monthlyfact WHERE batch_id = %s",
            [batch.pk, batch.created_at, batch.pk],
        )
        cursor.execute("DELETE FROM enterprises_monthlyfact WHERE batch_id = %s", [batch.pk])
        cursor.execute(
            f"INSERT INTO enterprises_monthlyfact ({_COLUMN_LIST}) "
            f"SELECT {_COLUMN_LIST} FROM {history} WHERE replaced_by_id = %s AND batch_id <> %s",
            [batch.pk, batch.pk],
        )
        cursor.execute(
            f"DELETE FROM {history} WHERE replaced_by_id = %s AND batch_id <> %s",
            [batch.pk, batch.pk],
        )
    batch.status = ImportBatch.Status.ROLLED_BACK
    batch.rolled_back_by = user if getattr(user, "is_authenticated", False) else None
    batch.rolled_back_at = timezone.now()
    batch.save(update_fields=["status", "rolled_back_by", "rolled_back_at"])
    audit(
        actor=user,
        action="rollback_batch",
        target_type="ImportBatch",
        target_id=batch.pk,
        summary=f"撤销 {batch.file_name}，恢复{restored}行",
    )
    return batch


# --- official region figures ------------------------------------------------------------


def load_indicator_lookups() -> IndicatorLookups:
    region_by_code = dict(RegionCode.objects.values_list("code", "region_id"))
    region_by_code.update(Region.objects.values_list("code", "id"))
    names: dict[int, set[str]] = {}
    for region_id, name in [
        *Region.objects.values_list("id", "name"),
        *RegionCode.objects.values_list("region_id", "name"),
    ]:
        names.setdefault(region_id, set()).add(name)
    by_name = dict(Indicator.objects.values_list("name", "id"))
    by_name.update(IndicatorAlias.objects.values_list("alias", "indicator_id"))
    return IndicatorLookups(region_by_code, names, by_name)


def import_indicators(
    source: str | Path | BinaryIO | bytes,
    *,
    file_name: str | None = None,
    sheet: str | None = None,
    user: Any = None,
) -> ImportResult:
    """Import official region figures; a figure already there is replaced, the old one kept."""
    name = _file_name(source, file_name)
    data = source_bytes(source)
    sha256 = hashlib.sha256(data).hexdigest()
    kind = ImportBatch.Kind.INDICATORS
    try:
        table = read_table(data, file_name=name, sheet=sheet)
    except ReadError as problem:
        return _rejected(
            kind=kind,
            file_name=name,
            sha256=sha256,
            user=user,
            period=None,
            errors=[CellError(None, "", "", str(problem))],
        )
    parsed = parse_indicators(table, lookups=load_indicator_lookups())
    if parsed.errors:
        return _rejected(
            kind=kind,
            file_name=name,
            sha256=sha256,
            user=user,
            period=None,
            errors=parsed.errors,
            report={"unknown_columns": parsed.unknown_columns},
        )
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=kind,
            file_name=name,
            sha256=sha256,
            status=ImportBatch.Status.ACCEPTED,
            row_count=len(parsed.records),
            user=user if getattr(user, "is_authenticated", False) else None,
        )
        created, replaced = _write_figures(parsed.records, batch)
        batch.report = {
            "unknown_columns": parsed.unknown_columns,
            "figures": len(parsed.records),
            "created": created,
            "replaced": replaced,
        }
        batch.save(update_fields=["report"])
        audit(
            actor=user,
            action="import_indicators",
            target_type="ImportBatch",
            target_id=batch.pk,
            summary=f"{name}：{len(parsed.records)}条指标",
        )
    return ImportResult(ok=True, batch=batch, report=batch.report)


def _write_figures(records: list[FigureRecord], batch: ImportBatch) -> tuple[int, int]:
    indicator_ids = {record.key.indicator_id for record in records}
    periods = {record.key.period for record in records}
    existing = {
        FigureKey(f.region_id, f.indicator_id, f.period_kind, f.period, f.scope): f
        for f in RegionFigure.objects.filter(indicator_id__in=indicator_ids, period__in=periods)
    }
    new, changed, history = [], [], []
    for record in records:
        key = record.key
        figure = existing.get(key)
        if figure is None:
            new.append(
                RegionFigure(
                    region_id=key.region_id,
                    indicator_id=key.indicator_id,
                    period_kind=key.period_kind,
                    period=key.period,
                    scope=key.scope,
                    value=record.value,
                    growth=record.growth,
                    batch=batch,
                )
            )
        elif (figure.value, figure.growth) != (record.value, record.growth):
            history.append(
                RegionFigureHistory(
                    figure=figure,
                    value=figure.value,
                    growth=figure.growth,
                    batch_id=figure.batch_id,
                    replaced_by=batch,
                )
            )
            figure.value, figure.growth, figure.batch = record.value, record.growth, batch
            changed.append(figure)
    RegionFigure.objects.bulk_create(new, batch_size=2000)
    RegionFigureHistory.objects.bulk_create(history, batch_size=2000)
    RegionFigure.objects.bulk_update(changed, ["value", "growth", "batch"], batch_size=1000)
    return len(new), len(changed)


def import_monthly_for_user(
    source: str | Path | BinaryIO | bytes,
    *,
    user: Any,
    file_name: str | None = None,
    period: str | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """import_monthly, limited to the counties the user answers for: a county user's file
    with a row of another county is refused whole, and nothing changes."""
    from diaodu.regions.selectors import descendant_ids, user_region

    with transaction.atomic():
        result = import_monthly(
            source, file_name=file_name, period=period, sheet=sheet, user=user, progress=progress
        )
        region = user_region(user)
        if not result.ok or result.batch is None or region is None or region.code == "100000":
            return result
        foreign = list(
            result.batch.counties.exclude(id__in=descendant_ids(region)).order_by("code")
        )
        if not foreign:
            return result
        transaction.set_rollback(True)
    errors = [
        CellError(None, "行政区划代码", county.code, f"{county.name}不在您的管辖范围内，不能导入")
        for county in foreign
    ]
    return _rejected(
        kind=ImportBatch.Kind.MONTHLY,
        file_name=result.batch.file_name,
        sha256=result.batch.sha256,
        errors=errors,
        user=user,
        period=None,
    )
