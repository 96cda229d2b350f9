from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0003_import_run_owner"),
    ]

    operations = [
        migrations.AddField(
            model_name="dataimport",
            name="synthetic",
            field=models.BooleanField(default=False, verbose_name="synthetic data"),
        ),
    ]
