from django.db import migrations

from diaodu.appeals.defaults import ship_defaults


def ship(apps, schema_editor):
    ship_defaults(apps.get_model("appeals", "Category"), apps.get_model("appeals", "TimeLimit"))


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
