"""A community's coordinates become the float degrees of `guide.location.Location`, like
every place on the map. Every stored value carries over (six decimals fit a double); the
database converts the column in place."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0002_ambassador_languages_as_codes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="communitypage",
            name="latitude",
            field=models.FloatField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-90),
                    django.core.validators.MaxValueValidator(90),
                ],
                verbose_name="latitude",
            ),
        ),
        migrations.AlterField(
            model_name="communitypage",
            name="longitude",
            field=models.FloatField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-180),
                    django.core.validators.MaxValueValidator(180),
                ],
                verbose_name="longitude",
            ),
        ),
    ]
