from django.db import migrations


def due_soon_is_blue(apps, schema_editor):
    """Appeals due within three working days raise a blue warning (where the thresholds are
    still the shipped ones)."""
    Rule = apps.get_model("warnings", "Rule")
    for rule in Rule.objects.filter(kind="appeal_overdue"):
        if "blue" not in rule.thresholds:
            rule.thresholds = {**rule.thresholds, "blue": 3}
            rule.save(update_fields=["thresholds"])


class Migration(migrations.Migration):
    dependencies = [("warnings", "0002_default_rules")]
    operations = [migrations.RunPython(due_soon_is_blue, migrations.RunPython.noop)]
