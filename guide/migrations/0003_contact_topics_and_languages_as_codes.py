"""A contact's topics and languages move from JSON lists to the code list every app uses
(",da,en," in a text column, so one code is found in SQL). Each list is copied over value for
value, in its order, through a second column, since no database converts JSON to that text by
a cast. A code that the text form cannot hold (one with a comma) stops the migration, naming
the contact, rather than being split."""

from django.db import migrations

import guide.fields

FIELDS = ("topics", "languages")


def codes_of(contact, field):
    """The stored JSON as a list of codes (the admin always wrote a list of strings; a bare
    string, valid JSON too, is one code)."""
    value = getattr(contact, field)
    if value in (None, "", []):
        return []
    if not isinstance(value, list):
        value = [value]
    codes = [str(code) for code in value if code not in (None, "")]
    for code in codes:
        if "," in code:
            raise ValueError(f"contact {contact.pk}: {field} holds {code!r}, which has a comma")
    return codes


def to_code_lists(apps, schema_editor):
    Contact = apps.get_model("guide", "Contact")
    contacts = list(Contact.objects.only("pk", *FIELDS))
    for contact in contacts:
        for field in FIELDS:
            setattr(contact, f"{field}_codes", codes_of(contact, field))
    Contact.objects.bulk_update(contacts, [f"{field}_codes" for field in FIELDS], batch_size=500)


def to_json_lists(apps, schema_editor):
    Contact = apps.get_model("guide", "Contact")
    contacts = list(Contact.objects.only("pk", *(f"{field}_codes" for field in FIELDS)))
    for contact in contacts:
        for field in FIELDS:
            setattr(contact, field, list(getattr(contact, f"{field}_codes")))
    Contact.objects.bulk_update(contacts, list(FIELDS), batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0002_newcomer_guide"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="topics_codes",
            field=guide.fields.CodeListField(
                blank=True,
                codes=(
                    "welcome",
                    "work",
                    "partner",
                    "residence",
                    "housing",
                    "school",
                    "health",
                    "tax",
                    "language",
                    "leisure",
                    "tourism",
                    "business",
                ),
                default=list,
                max_length=255,
                verbose_name="topics they answer",
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="languages_codes",
            field=guide.fields.LanguageListField(
                blank=True, default=list, verbose_name="languages spoken"
            ),
        ),
        migrations.RunPython(to_code_lists, to_json_lists),
        migrations.RemoveField(model_name="contact", name="topics"),
        migrations.RemoveField(model_name="contact", name="languages"),
        migrations.RenameField(model_name="contact", old_name="topics_codes", new_name="topics"),
        migrations.RenameField(
            model_name="contact", old_name="languages_codes", new_name="languages"
        ),
    ]
