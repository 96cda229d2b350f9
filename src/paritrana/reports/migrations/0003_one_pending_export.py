from django.conf import settings
from django.db import migrations, models


def close_duplicates(apps, schema_editor):
    """Before the constraint: of identical pending exports, keep the newest, close the rest."""
    export = apps.get_model("reports", "Export")
    seen = set()
    for row in export.objects.filter(status__in=["queued", "running"]).order_by(
        "-created_at", "-id"
    ):
        if (row.requested_by_id, row.key) in seen:
            export.objects.filter(pk=row.pk).update(
                status="failed", message="Digantikan oleh permintaan yang sama."
            )
        seen.add((row.requested_by_id, row.key))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_export"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(close_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="export",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["queued", "running"])),
                fields=("requested_by", "key"),
                name="one_pending_export_per_request",
            ),
        ),
    ]
