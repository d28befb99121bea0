from django.db import migrations

from diaodu.warnings.defaults import ship_defaults


def ship(apps, schema_editor):
    ship_defaults(apps.get_model("warnings", "Rule"))


class Migration(migrations.Migration):
    dependencies = [("warnings", "0001_initial")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
