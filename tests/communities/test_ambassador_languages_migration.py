"""Ambassadors' languages, stored as JSON lists before, come through the move to code lists
value for value and in their order, in the rows and in drafts saved before, and back."""

import pytest

from communities.models import Ambassador
from guide.fields import codes_q
from tests.communities.migrating import latest, migrate
from tests.factories import AmbassadorFactory

BEFORE = [("communities", "0001_initial")]
AFTER = [("communities", "0002_ambassador_languages_as_codes")]
STORED = {
    "Mette": ["da", "en", "de"],
    "Aisha": ["ar", "fa", "en", "da"],
    "Henrik": [],
    "Olga": ["uk", "ru"],
}
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def add_ambassadors(apps, community):
    historical = apps.get_model("communities", "Ambassador")
    for n, (name, languages) in enumerate(STORED.items()):
        historical.objects.create(
            community_id=community.pk, name=name, sort_order=n, languages=languages
        )


def test_every_language_is_kept_and_found_in_sql(community):
    try:
        add_ambassadors(migrate(BEFORE), community)
        migrate(latest())
        kept = {ambassador.name: ambassador.languages for ambassador in Ambassador.objects.all()}
        assert kept == STORED
        for name, languages in STORED.items():
            for code in languages:
                speaking = Ambassador.objects.filter(codes_q("languages", [code]))
                assert name in speaking.values_list("name", flat=True)
    finally:
        migrate(latest())


def test_a_draft_saved_before_keeps_its_ambassadors_languages(community):
    AmbassadorFactory(community=community, name="Mette", languages=["da"])
    revision = community.save_revision()
    try:
        apps = migrate(BEFORE)
        historical = apps.get_model("wagtailcore", "Revision").objects.get(pk=revision.pk)
        historical.content["ambassadors"][0]["languages"] = ["de", "da"]  # the old JSON list
        historical.save(update_fields=["content"])
        migrate(latest())
        draft = revision.__class__.objects.get(pk=revision.pk).as_object()
        assert [a.languages for a in draft.ambassadors.all()] == [["de", "da"]]
    finally:
        migrate(latest())


def test_going_back_restores_the_json_lists(community):
    try:
        add_ambassadors(migrate(BEFORE), community)
        migrate(AFTER)
        historical = migrate(BEFORE).get_model("communities", "Ambassador")
        restored = {a.name: a.languages for a in historical.objects.all()}
        assert restored == STORED
    finally:
        migrate(latest())
