"""The dates' listing index: one index in the listing's order that also holds what its count
reads, and each date's length, which bounds how far before a window a date may start."""

from datetime import timedelta

from django.db import migrations, models
from django.db.models import F


def fill_lengths(apps, schema_editor):
    EventDate = apps.get_model("events", "EventDate")
    EventDate.objects.update(lasts=F("end") - F("start"))


class Migration(migrations.Migration):
    dependencies = [("events", "0005_occurrence_dates")]

    operations = [
        migrations.AddField(
            model_name="eventdate",
            name="lasts",
            field=models.DurationField(db_index=True, default=timedelta(0), verbose_name="lasts"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_lengths, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="eventdate", name="event_date_start"),
        migrations.RemoveIndex(model_name="eventdate", name="event_date_end"),
        migrations.AddIndex(
            model_name="eventdate",
            index=models.Index(
                fields=["start", "imported", "page", "end"], name="event_date_order"
            ),
        ),
        migrations.AlterField(
            model_name="eventdate",
            name="imported",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="dates",
                to="events.importedevent",
                verbose_name="imported event",
            ),
        ),
        migrations.AlterField(
            model_name="eventdate",
            name="page",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="dates",
                to="events.eventpage",
                verbose_name="event",
            ),
        ),
        # the planner's statistics: with them SQLite walks the new index for the listing
        migrations.RunSQL("ANALYZE events_eventdate", migrations.RunSQL.noop),
    ]
