"""The database refuses to delete an enterprise, a region or an import batch that monthly
facts (current or history) still name. The facts' columns carry no foreign-key
constraint (0005, 0006: PostgreSQL checked 300,000 rows one by one at every import's
commit); Django's PROTECT refuses such deletes through the ORM, these triggers refuse
them from any path — psql, a delete racing an import.

A delete first takes the fact table in SHARE mode: it waits for an import in flight
(which holds the table in ROW EXCLUSIVE mode from its first statement, see
ingest.services) and then sees the facts that import committed; an import started after
it waits for the delete's transaction.

PostgreSQL only. SQLite has one writer at a time, so no delete runs between an import's
reads and its commit; and Django empties a SQLite database (flush, after a test) with a
DELETE per table in no set order, which a trigger there would refuse (PostgreSQL's
flush truncates, firing no delete trigger)."""

from django.db import migrations

GUARDED = [
    ("enterprises_enterprise", "enterprise_id", "企业"),
    ("regions_region", "county_id", "地区"),
    ("ingest_importbatch", "batch_id", "导入批次"),
]
FACT_TABLES = ("enterprises_monthlyfact", "enterprises_monthlyfacthistory")


def _named(column: str) -> str:
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM {facts} WHERE {column} = OLD.id)" for facts in FACT_TABLES
    )


def _postgresql(table: str, column: str, what: str) -> list[str]:
    return [
        f"""CREATE FUNCTION {table}_wait_for_imports() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            LOCK TABLE enterprises_monthlyfact IN SHARE MODE;
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER {table}_wait_for_imports BEFORE DELETE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION {table}_wait_for_imports()""",
        f"""CREATE FUNCTION {table}_keep_named() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {_named(column)} THEN
                RAISE EXCEPTION '企业月度数据仍引用此{what}（id %），不能删除', OLD.id
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
            RETURN OLD;
        END $$""",
        f"""CREATE TRIGGER {table}_keep_named BEFORE DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_keep_named()""",
    ]


def create_guards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, what in GUARDED:
        for statement in _postgresql(table, column, what):
            schema_editor.execute(statement, params=None)  # a literal % in the SQL


def drop_guards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _, _ in GUARDED:
        for name in ("keep_named", "wait_for_imports"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_{name}()")


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0007_enterprise_fillfactor"),
        ("ingest", "0002_initial"),
        ("regions", "0003_regions_revision"),
    ]

    operations = [migrations.RunPython(create_guards, drop_guards)]
