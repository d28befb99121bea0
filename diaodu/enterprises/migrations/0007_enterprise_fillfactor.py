"""Room on each page of the enterprise table (PostgreSQL's fillfactor 80): a monthly import
updates the size class of thousands of enterprises, and with the pages full every updated
row was written to another page with a new entry in each of the table's six indexes
(0.8 s for 16,000 rows of the benchmark). With room on the page the update is a heap-only
tuple update: no index is touched. SQLite has no such setting."""

from django.db import migrations


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE enterprises_enterprise SET (fillfactor = 80)")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE enterprises_enterprise RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0006_facts_enterprise_unconstrained")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
