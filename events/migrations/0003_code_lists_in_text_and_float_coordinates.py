"""Lists of codes in text (",a,b,", filtered in SQL), coordinates as floats, and one store
per audience: an event page's newcomer audiences (origin, household) are its page audience
tags, as every page's; tourists/locals are `calendar_audiences`.

Every stored value is kept: the JSON lists are copied into new columns, then dropped and the
new ones renamed (a JSON column cannot be cast to the text form in place). An event page's
newcomer codes join its page audience tags; an imported event or calendar keeps its own. Its
revisions are rewritten alike, so that publishing an older draft loses nothing.
"""

import django.core.validators
import guide.fields
from django.db import migrations, models

NEWCOMER = ("denmark", "nordic", "eu", "non_eu", "children", "partner", "student")
LISTS = {
    "EventPage": ("categories", "languages"),
    "ExternalCalendar": ("categories", "audiences", "languages"),
    "ImportedEvent": ("categories", "audiences", "languages"),
}


def _split(codes):
    """(newcomer codes, the rest: tourists, locals, or anything unknown, kept there)."""
    codes = _as_list(codes)
    return [c for c in codes if c in NEWCOMER], [c for c in codes if c not in NEWCOMER]


def _as_list(value):
    if isinstance(value, str):  # a revision written since: ",a,b," or "a,b"
        return [code for code in value.split(",") if code]
    return list(value or [])


def to_code_lists(apps, schema_editor):
    PageAudience = apps.get_model("guide", "PageAudience")
    for name, fields in LISTS.items():
        model = apps.get_model("events", name)
        has_audiences = "audiences" in fields or name == "EventPage"
        read = (*fields, "audiences") if name == "EventPage" else fields
        for pk, *values in model.objects.values_list("pk", *read).iterator():
            row = dict(zip(read, values, strict=True))
            changes = {f"{field}_codes": _as_list(row[field]) for field in fields}
            if has_audiences:
                newcomer, calendar = _split(row["audiences"])
                changes["calendar_audiences"] = calendar
                if name == "EventPage":
                    tagged = set(
                        PageAudience.objects.filter(page_id=pk).values_list("audience", flat=True)
                    )
                    PageAudience.objects.bulk_create(
                        PageAudience(page_id=pk, audience=code)
                        for code in newcomer
                        if code not in tagged
                    )
                else:
                    changes["audiences_codes"] = newcomer
            model.objects.filter(pk=pk).update(**changes)
    for content in _event_page_revisions(apps):
        newcomer, calendar = _split(content.content.pop("audiences", []))
        content.content["calendar_audiences"] = calendar
        tags = content.content.setdefault("audience_tags", [])
        tagged = {tag.get("audience") for tag in tags}
        page = content.content.get("pk")
        tags.extend(
            {"pk": None, "page": page, "audience": code} for code in newcomer if code not in tagged
        )
        content.save(update_fields=["content"])


def to_json_lists(apps, schema_editor):
    PageAudience = apps.get_model("guide", "PageAudience")
    for name, fields in LISTS.items():
        model = apps.get_model("events", name)
        for row in model.objects.iterator():
            changes = {field: list(getattr(row, f"{field}_codes")) for field in fields}
            if name == "EventPage":
                tags = PageAudience.objects.filter(page_id=row.pk)
                newcomer = sorted(tags.values_list("audience", flat=True), key=NEWCOMER.index)
            else:
                newcomer = changes["audiences"]
            changes["audiences"] = [*newcomer, *row.calendar_audiences]
            model.objects.filter(pk=row.pk).update(**changes)
    for content in _event_page_revisions(apps):
        tags = [tag.get("audience") for tag in content.content.get("audience_tags", [])]
        calendar = _as_list(content.content.pop("calendar_audiences", []))
        content.content["audiences"] = [*tags, *calendar]
        for field in LISTS["EventPage"]:
            content.content[field] = _as_list(content.content.get(field))
        content.save(update_fields=["content"])


def _event_page_revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    kind = ContentType.objects.filter(app_label="events", model="eventpage").first()
    if kind is None:
        return
    yield from Revision.objects.filter(content_type=kind).iterator()


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('events', '0002_external_calendar_held_removals'),
        ('guide', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='eventpage',
            name='calendar_audiences',
            field=guide.fields.CodeListField(blank=True, codes=('tourists', 'locals'), default=list, help_text='None means both.', max_length=255, verbose_name='tourists or locals'),
        ),
        migrations.AddField(
            model_name='eventpage',
            name='categories_codes',
            field=guide.fields.CodeListField(blank=True, codes=('social', 'culture', 'sport', 'nature', 'career', 'welcome'), default=list, max_length=255, verbose_name='categories'),
        ),
        migrations.AddField(
            model_name='eventpage',
            name='languages_codes',
            field=guide.fields.LanguageListField(blank=True, default=list, verbose_name='languages spoken'),
        ),
        migrations.AddField(
            model_name='externalcalendar',
            name='calendar_audiences',
            field=guide.fields.CodeListField(blank=True, codes=('tourists', 'locals'), default=list, help_text='Given to every event of this calendar. None means both.', max_length=255, verbose_name='tourists or locals'),
        ),
        migrations.AddField(
            model_name='externalcalendar',
            name='categories_codes',
            field=guide.fields.CodeListField(blank=True, codes=('social', 'culture', 'sport', 'nature', 'career', 'welcome'), default=list, help_text='Given to events whose own categories match none of ours.', max_length=255, verbose_name='default categories'),
        ),
        migrations.AddField(
            model_name='externalcalendar',
            name='audiences_codes',
            field=guide.fields.CodeListField(blank=True, codes=('denmark', 'nordic', 'eu', 'non_eu', 'children', 'partner', 'student'), default=list, help_text='Given to every event of this calendar. None means every newcomer.', max_length=255, verbose_name='Who is this for?'),
        ),
        migrations.AddField(
            model_name='externalcalendar',
            name='languages_codes',
            field=guide.fields.LanguageListField(blank=True, default=list, help_text="At this calendar's events, as far as is known.", verbose_name='languages spoken'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='calendar_audiences',
            field=guide.fields.CodeListField(blank=True, codes=('tourists', 'locals'), default=list, help_text='None means both.', max_length=255, verbose_name='tourists or locals'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='categories_codes',
            field=guide.fields.CodeListField(blank=True, codes=('social', 'culture', 'sport', 'nature', 'career', 'welcome'), default=list, max_length=255, verbose_name='categories'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='audiences_codes',
            field=guide.fields.CodeListField(blank=True, codes=('denmark', 'nordic', 'eu', 'non_eu', 'children', 'partner', 'student'), default=list, help_text='None means every newcomer.', max_length=255, verbose_name='Who is this for?'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='languages_codes',
            field=guide.fields.LanguageListField(blank=True, default=list, verbose_name='languages spoken'),
        ),
        migrations.RunPython(to_code_lists, to_json_lists),
        migrations.RemoveField(model_name='eventpage', name='categories'),
        migrations.RemoveField(model_name='eventpage', name='languages'),
        migrations.RemoveField(model_name='eventpage', name='audiences'),
        migrations.RenameField(model_name='eventpage', old_name='categories_codes', new_name='categories'),
        migrations.RenameField(model_name='eventpage', old_name='languages_codes', new_name='languages'),
        migrations.RemoveField(model_name='externalcalendar', name='categories'),
        migrations.RemoveField(model_name='externalcalendar', name='audiences'),
        migrations.RemoveField(model_name='externalcalendar', name='languages'),
        migrations.RenameField(model_name='externalcalendar', old_name='categories_codes', new_name='categories'),
        migrations.RenameField(model_name='externalcalendar', old_name='audiences_codes', new_name='audiences'),
        migrations.RenameField(model_name='externalcalendar', old_name='languages_codes', new_name='languages'),
        migrations.RemoveField(model_name='importedevent', name='categories'),
        migrations.RemoveField(model_name='importedevent', name='audiences'),
        migrations.RemoveField(model_name='importedevent', name='languages'),
        migrations.RenameField(model_name='importedevent', old_name='categories_codes', new_name='categories'),
        migrations.RenameField(model_name='importedevent', old_name='audiences_codes', new_name='audiences'),
        migrations.RenameField(model_name='importedevent', old_name='languages_codes', new_name='languages'),
        migrations.AlterField(
            model_name='eventpage',
            name='latitude',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)], verbose_name='latitude'),
        ),
        migrations.AlterField(
            model_name='eventpage',
            name='longitude',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)], verbose_name='longitude'),
        ),
        migrations.AlterField(
            model_name='importedevent',
            name='latitude',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)], verbose_name='latitude'),
        ),
        migrations.AlterField(
            model_name='importedevent',
            name='longitude',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)], verbose_name='longitude'),
        ),
    ]
