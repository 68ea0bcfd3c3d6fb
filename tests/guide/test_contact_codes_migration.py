"""A contact's topics and languages, stored as JSON lists before, come through the move to
code lists value for value, in their order, and back again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Locale

from guide.fields import codes_q
from guide.models import Contact

BEFORE = [("guide", "0002_newcomer_guide")]
AFTER = [("guide", "0003_contact_topics_and_languages_as_codes")]

STORED = {
    "Mette": {"topics": ["welcome", "housing"], "languages": ["da", "en", "de"]},
    "Aisha": {"topics": ["work", "partner", "tax"], "languages": ["ar", "fa", "en", "da"]},
    "Henrik": {"topics": [], "languages": []},
    "Olga": {"topics": ["leisure"], "languages": ["uk", "ru"]},
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def add_contacts(apps):
    historical_locale = apps.get_model("wagtailcore", "Locale")
    historical_contact = apps.get_model("guide", "Contact")
    locale = historical_locale.objects.get_or_create(language_code="da")[0]
    for n, (name, lists) in enumerate(STORED.items()):
        historical_contact.objects.create(
            name=name, department="Borgerservice", locale=locale, sort_order=n, **lists
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_topic_and_language_is_kept():
    try:
        add_contacts(migrate(BEFORE))
        migrate(latest())
        kept = {
            contact.name: {"topics": contact.topics, "languages": contact.languages}
            for contact in Contact.objects.all()
        }
        assert kept == STORED
        # and found in SQL by each of them
        for name, lists in STORED.items():
            for code in lists["languages"]:
                assert name in Contact.objects.filter(codes_q("languages", [code])).values_list(
                    "name", flat=True
                )
            for code in lists["topics"]:
                assert name in Contact.objects.filter(codes_q("topics", [code])).values_list(
                    "name", flat=True
                )
    finally:
        migrate(latest())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_going_back_restores_the_json_lists():
    try:
        add_contacts(migrate(BEFORE))
        migrate(AFTER)
        apps = migrate(BEFORE)
        restored = {
            contact.name: {"topics": contact.topics, "languages": contact.languages}
            for contact in apps.get_model("guide", "Contact").objects.all()
        }
        assert restored == STORED
    finally:
        migrate(latest())
        Locale.objects.get_or_create(language_code="da")
