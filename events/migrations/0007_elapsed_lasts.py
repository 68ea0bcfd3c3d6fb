"""`lasts` as the elapsed time between start and end: rows written before held the wall-clock
difference, an hour off for a date across a change of the clocks."""

from django.db import migrations
from django.db.models import F


def elapsed(apps, schema_editor):
    EventDate = apps.get_model("events", "EventDate")
    EventDate.objects.update(lasts=F("end") - F("start"))


class Migration(migrations.Migration):
    dependencies = [("events", "0006_event_date_order")]

    operations = [migrations.RunPython(elapsed, migrations.RunPython.noop, elidable=True)]
