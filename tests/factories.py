"""Factories for the test suite: pages are created published with a first revision unless
built with the `draft` trait."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from communities.models import Ambassador, CommunityIndexPage, CommunityPage, TrialHomePage
from guide.models import HomePage

PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.dk")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save()


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Saves a first revision and publishes it, as the admin would."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(live=False)

    @factory.post_generation
    def revision(page, create, extracted, **kwargs):
        if not create:
            return
        revision = page.save_revision()
        if page.live:
            revision.publish()


class HomePageFactory(PublishedPageFactory):
    title = "Velkommen"
    slug = factory.Sequence(lambda n: f"home-{n}")

    class Meta:
        model = HomePage


class CommunityIndexPageFactory(PublishedPageFactory):
    title = "Lokalsamfund"
    slug = "lokalsamfund"

    class Meta:
        model = CommunityIndexPage


class CommunityPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Landsby {n}")
    intro = factory.LazyAttribute(lambda page: f"Velkommen til {page.title}.")
    latitude = Decimal("54.91")
    longitude = Decimal("9.79")

    class Meta:
        model = CommunityPage


class TrialHomePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Prøvebolig {n}")
    address = "Storegade 1, 6430 Nordborg"
    area = "Nordborg"
    size_m2 = 80
    rent_per_month = Decimal("4500.00")
    available_from = datetime.date(2027, 1, 1)
    available_to = datetime.date(2027, 12, 31)
    min_stay_months = 3
    max_stay_months = 6

    class Meta:
        model = TrialHomePage


class AmbassadorFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Ambassadør {n}")
    role = "Ambassadør"
    languages = ["da", "en"]
    email = factory.Sequence(lambda n: f"ambassador{n}@example.dk")
    phone = "+45 74 00 00 00"

    class Meta:
        model = Ambassador


class ImageFactory(wagtail_factories.ImageFactory):
    pass


class DocumentFactory(wagtail_factories.DocumentFactory):
    pass
