"""An ambassador's languages move from a JSON list to the code list every app uses
(",da,en," in a text column, so one language is found in SQL). The list is copied over
value for value, in its order, through a second column, since no database converts JSON to
that text by a cast."""

from django.db import migrations

import guide.fields


def codes_of(value):
    """The stored JSON as a list of codes (the admin always wrote a list of strings; a bare
    string, valid JSON too, is one code)."""
    if value in (None, "", []):
        return []
    if not isinstance(value, list):
        value = [value]
    return [str(code) for code in value if code not in (None, "")]


def to_code_list(apps, schema_editor):
    Ambassador = apps.get_model("communities", "Ambassador")
    ambassadors = list(Ambassador.objects.only("pk", "languages"))
    for ambassador in ambassadors:
        ambassador.language_codes = codes_of(ambassador.languages)
    Ambassador.objects.bulk_update(ambassadors, ["language_codes"], batch_size=500)


def to_json_list(apps, schema_editor):
    Ambassador = apps.get_model("communities", "Ambassador")
    ambassadors = list(Ambassador.objects.only("pk", "language_codes"))
    for ambassador in ambassadors:
        ambassador.languages = list(ambassador.language_codes)
    Ambassador.objects.bulk_update(ambassadors, ["languages"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="ambassador",
            name="language_codes",
            field=guide.fields.LanguageListField(
                blank=True, default=list, verbose_name="languages spoken"
            ),
        ),
        migrations.RunPython(to_code_list, to_json_list),
        migrations.RemoveField(model_name="ambassador", name="languages"),
        migrations.RenameField(
            model_name="ambassador", old_name="language_codes", new_name="languages"
        ),
    ]
