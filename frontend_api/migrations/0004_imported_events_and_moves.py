from django.db import migrations, models
from django.utils import timezone


def record_imported_events(apps, schema_editor):
    """Every imported event there is, as changed now: the feed's first download gives them."""
    RowChange = apps.get_model("frontend_api", "RowChange")
    ImportedEvent = apps.get_model("events", "ImportedEvent")
    now = timezone.now()
    rows = ImportedEvent.objects.values_list("pk", "calendar__site_id")
    RowChange.objects.bulk_create(
        (
            RowChange(
                kind="imported-events",
                object_id=pk,
                site_id=site_id,
                language_code="",
                public=True,
                changed_at=now,
            )
            for pk, site_id in rows.iterator()
        ),
        batch_size=500,
    )


def forget_imported_events(apps, schema_editor):
    apps.get_model("frontend_api", "RowChange").objects.filter(kind="imported-events").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("frontend_api", "0003_row_changes"),
        ("events", "0006_event_date_order"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="rowchange", name="one_change_per_row"),
        migrations.AddConstraint(
            model_name="rowchange",
            constraint=models.UniqueConstraint(
                fields=("kind", "object_id", "site"), name="one_change_per_row_and_site"
            ),
        ),
        migrations.RunPython(record_imported_events, forget_imported_events),
    ]
