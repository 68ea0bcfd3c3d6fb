"""Associations and practices take the one model of a place (`guide.location.Location`):
`lat` and `lon` are renamed `latitude` and `longitude` in place, keeping every value, and
the proposals waiting for approval, stored as the form's data, are renamed alike so that
approving one publishes its coordinates."""

import django.core.validators
from django.db import migrations, models

OLD_TO_NEW = {"lat": "latitude", "lon": "longitude"}


def rename_keys(data, names):
    """`data` with keys renamed by `names`, or None when there is nothing to rename."""
    if not isinstance(data, dict) or not names.keys() & data.keys():
        return None
    return {names.get(key, key): value for key, value in data.items()}


def proposals(names):
    def rename(apps, schema_editor):
        Submission = apps.get_model("directory", "AssociationSubmission")
        changed = []
        for submission in Submission.objects.only("pk", "data").iterator():
            data = rename_keys(submission.data, names)
            if data is not None:
                submission.data = data
                changed.append(submission)
        Submission.objects.bulk_update(changed, ["data"], batch_size=500)

    return rename


def coordinate(name, limit):
    return models.FloatField(
        blank=True,
        null=True,
        validators=[
            django.core.validators.MinValueValidator(-limit),
            django.core.validators.MaxValueValidator(limit),
        ],
        verbose_name=name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0003_community_location_as_float"),
        ("directory", "0002_listing_order"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="association", name="directory_a_lat_487fc3_idx"),
        *(
            operation
            for model in ("association", "practice")
            for operation in (
                migrations.RenameField(model_name=model, old_name="lat", new_name="latitude"),
                migrations.RenameField(model_name=model, old_name="lon", new_name="longitude"),
                migrations.AlterField(
                    model_name=model, name="latitude", field=coordinate("latitude", 90)
                ),
                migrations.AlterField(
                    model_name=model, name="longitude", field=coordinate("longitude", 180)
                ),
            )
        ),
        migrations.AddIndex(
            model_name="association",
            index=models.Index(
                fields=["latitude", "longitude"], name="directory_a_latitud_593f03_idx"
            ),
        ),
        migrations.RunPython(
            proposals(OLD_TO_NEW), proposals({new: old for old, new in OLD_TO_NEW.items()})
        ),
    ]
