"""Factories for the guide: checklist pages and steps, stories and the guide's snippets."""

import factory
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from guide.models import (
    ChecklistLink,
    ChecklistPage,
    ChecklistStepPage,
    Contact,
    CultureNote,
    StoriesIndexPage,
    StoryPage,
    UsefulLink,
)
from tests.factories import PublishedPageFactory


class ChecklistPageFactory(PublishedPageFactory):
    title = "Tjekliste"
    slug = factory.Sequence(lambda n: f"tjekliste-{n}")

    class Meta:
        model = ChecklistPage


class ChecklistStepPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Trin {n}")
    body = "Hvad og hvorfor."
    duration = "1 uge"

    class Meta:
        model = ChecklistStepPage


class ChecklistLinkFactory(DjangoModelFactory):
    label = "Borger.dk"
    url = "https://www.borger.dk/"

    class Meta:
        model = ChecklistLink


class StoriesIndexPageFactory(PublishedPageFactory):
    title = "Historier"
    slug = "historier"

    class Meta:
        model = StoriesIndexPage


class StoryPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Historie {n}")
    first_name = "Lucas"
    origin_country = "BR"
    arrival_year = 2021
    quote = "Mojn!"

    class Meta:
        model = StoryPage


def _danish():
    return Locale.objects.get(language_code="da")


class CultureNoteFactory(DjangoModelFactory):
    locale = factory.LazyFunction(_danish)
    question = factory.Sequence(lambda n: f"Spørgsmål {n}?")
    answer = "Svar."
    sort_order = factory.Sequence(int)

    class Meta:
        model = CultureNote


class ContactFactory(DjangoModelFactory):
    locale = factory.LazyFunction(_danish)
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    department = "Borgerservice"
    topics = ["residence"]
    languages = ["da", "en"]
    sort_order = factory.Sequence(int)

    class Meta:
        model = Contact


class UsefulLinkFactory(DjangoModelFactory):
    locale = factory.LazyFunction(_danish)
    group = "transport"
    label = factory.Sequence(lambda n: f"Link {n}")
    url = "https://www.rejseplanen.dk/"
    sort_order = factory.Sequence(int)

    class Meta:
        model = UsefulLink
