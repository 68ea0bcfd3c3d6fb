"""Contacts are found by topic and by language in SQL: the same contacts as reading every
list in Python, never one whose code merely contains the asked one (`de` is not `dsb`)."""

import random

from guide.fields import codes_q
from guide.models import Contact
from guide.models.contacts import TOPIC_CODES
from tests.guide.factories import ContactFactory

LANGUAGES = ("da", "de", "dsb", "en", "fa", "uk", "ar")


def test_sql_finds_what_python_finds(locales):
    chance = random.Random(10)
    for _n in range(60):
        ContactFactory(
            topics=chance.sample(TOPIC_CODES, chance.randint(0, 4)),
            languages=chance.sample(LANGUAGES, chance.randint(0, 3)),
        )
    contacts = list(Contact.objects.all())
    for language in LANGUAGES:
        expected = {c.pk for c in contacts if language in c.languages}
        assert (
            set(
                Contact.objects.filter(codes_q("languages", [language])).values_list(
                    "pk", flat=True
                )
            )
            == expected
        )
    for topic in TOPIC_CODES:
        expected = {c.pk for c in contacts if topic in c.topics}
        assert (
            set(Contact.objects.filter(codes_q("topics", [topic])).values_list("pk", flat=True))
            == expected
        )
    either = {c.pk for c in contacts if {"uk", "ar"} & set(c.languages)}
    assert (
        set(Contact.objects.filter(codes_q("languages", ["uk", "ar"])).values_list("pk", flat=True))
        == either
    )


def test_a_code_is_not_found_inside_another(locales):
    ContactFactory(name="Sorbian", languages=["dsb"], topics=["partner"])
    assert not Contact.objects.filter(codes_q("languages", ["de"])).exists()
    assert not Contact.objects.filter(codes_q("topics", ["art"])).exists()
