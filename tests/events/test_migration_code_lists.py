"""Upgrading keeps every stored value: the calendar's JSON lists become text code lists, the
coordinates floats, and an event page's newcomer audiences join its page audience tags (its
tourists/locals go to `calendar_audiences`), in its rows and in its draft revisions alike."""

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from wagtail.models import Locale, Page

from events.models import EventPage, ExternalCalendar, ImportedEvent
from guide.fields import codes_q

BEFORE = [("events", "0002_external_calendar_held_removals")]
START = datetime(2027, 3, 2, 16, tzinfo=UTC)


def migrate(targets):
    """Migrate to `targets`; the models as the database now holds them. Every applied migration
    counts (a squashed one, not its parts), so an app whose latest migration needs a later one
    of `targets` is at the step the migration left it."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationLoader(connection)
    applied = [node for node in loader.applied_migrations if node in loader.graph.nodes]
    return loader.project_state(applied).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def schedule(**values):
    return {"start": START, "end": START.replace(hour=18), **values}


# (serialized_rollback: the flush after the test keeps the pages and rights migrations made)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upgrading_keeps_every_list_coordinate_and_audience():
    root = Page.objects.get(depth=1)
    locale = Locale.objects.get_or_create(language_code="da")[0]
    kind = ContentType.objects.get_for_model(EventPage)
    old = migrate(BEFORE)
    try:
        OldPage = old.get_model("events", "EventPage")
        OldAudience = old.get_model("guide", "PageAudience")
        OldCalendar = old.get_model("events", "ExternalCalendar")
        OldImported = old.get_model("events", "ImportedEvent")
        OldRevision = old.get_model("wagtailcore", "Revision")
        page = OldPage.objects.create(
            title="CaféNy",
            draft_title="CaféNy",
            slug="cafeny",
            path=f"{root.path}9999",
            depth=root.depth + 1,
            locale_id=locale.pk,
            content_type_id=kind.pk,
            translation_key=uuid.uuid4(),
            live=True,
            **schedule(
                categories=["social", "welcome"],
                audiences=["eu", "children", "tourists"],
                languages=["da", "en", "zh-hans"],
                latitude=Decimal("54.913812"),
                longitude=Decimal("9.792211"),
            ),
        )
        OldAudience.objects.create(page_id=page.pk, audience="non_eu")  # tagged, not listed
        OldAudience.objects.create(page_id=page.pk, audience="eu")  # both: kept once
        revision = OldRevision.objects.create(
            content_type_id=kind.pk,
            base_content_type_id=ContentType.objects.get_for_model(Page).pk,
            object_id=str(page.pk),
            object_str="CaféNy",
            created_at=START,
            content={
                "pk": page.pk,
                "title": "CaféNy (draft)",
                "audiences": ["student", "locals"],
                "categories": ["culture"],
                "languages": ["de"],
                "latitude": "54.900000",
                "audience_tags": [{"pk": 7, "page": page.pk, "audience": "nordic"}],
            },
        )
        calendar = OldCalendar.objects.create(
            name="Aabenraa",
            feed_url="https://aabenraa.example.dk/k.ics",
            region="Aabenraa",
            categories=["culture"],
            audiences=["denmark", "locals", "tourists"],
            languages=["da", "de"],
        )
        imported = OldImported.objects.create(
            calendar=calendar,
            uid="a@aabenraa",
            title="Marked",
            content_hash="0" * 64,
            created_at=START,
            updated_at=START,
            **schedule(
                categories=["culture", "nature"],
                audiences=["partner", "tourists"],
                languages=["de"],
                latitude=Decimal("-33.865143"),
                longitude=Decimal("151.209900"),
            ),
        )
        bare = OldImported.objects.create(
            calendar=calendar,
            uid="b@aabenraa",
            title="Uden",
            content_hash="0" * 64,
            created_at=START,
            updated_at=START,
            **schedule(),
        )
    finally:
        migrate(latest())

    page = EventPage.objects.get(pk=page.pk)
    assert page.categories == ["social", "welcome"]
    assert page.languages == ["da", "en", "zh-hans"]
    assert page.calendar_audiences == ["tourists"]
    assert sorted(page.audience_codes()) == ["children", "eu", "non_eu"]
    assert (page.latitude, page.longitude) == (54.913812, 9.792211)
    draft = EventPage.objects.get(pk=page.pk).revisions.get(pk=revision.pk).as_object()
    assert draft.title == "CaféNy (draft)"
    assert draft.calendar_audiences == ["locals"]
    assert sorted(tag.audience for tag in draft.audience_tags.all()) == ["nordic", "student"]
    assert (draft.categories, draft.languages, draft.latitude) == (["culture"], ["de"], 54.9)

    calendar = ExternalCalendar.objects.get(pk=calendar.pk)
    assert (calendar.categories, calendar.languages) == (["culture"], ["da", "de"])
    assert (calendar.audiences, calendar.calendar_audiences) == (
        ["denmark"],
        ["locals", "tourists"],
    )

    imported = ImportedEvent.objects.get(pk=imported.pk)
    assert (imported.categories, imported.languages) == (["culture", "nature"], ["de"])
    assert (imported.audiences, imported.calendar_audiences) == (["partner"], ["tourists"])
    assert (imported.latitude, imported.longitude) == (-33.865143, 151.2099)
    bare = ImportedEvent.objects.get(pk=bare.pk)
    assert (bare.categories, bare.audiences, bare.calendar_audiences, bare.languages) == (
        [],
        [],
        [],
        [],
    )
    assert (bare.latitude, bare.longitude) == (None, None)
    # the lists are filtered in SQL from their new form
    assert list(ImportedEvent.objects.filter(codes_q("categories", ["nature"]))) == [imported]
    assert list(EventPage.objects.filter(codes_q("languages", ["zh-hans"]))) == [page]
