"""A community's coordinates, stored as decimals before, come through the move to the float
degrees of every place on the map value for value, in every language copy and in drafts
saved before; and `near` finds the community by them."""

from decimal import Decimal

import pytest
from wagtail.models import Revision

from communities.models import CommunityPage
from tests.communities.migrating import latest, migrate

BEFORE = [("communities", "0002_ambassador_languages_as_codes")]
STORED = {
    "Nordborg": (Decimal("55.057300"), Decimal("9.742500")),
    "Kegnæs": (Decimal("54.853210"), Decimal("9.987654")),
    "Yderst": (Decimal("-89.999999"), Decimal("-179.999999")),
    "Intetsteds": (None, None),
}
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def as_floats(point):
    return None if point[0] is None else tuple(float(degrees) for degrees in point)


def test_every_coordinate_is_kept(make_community):
    pages = {title: make_community(title=title) for title in STORED}
    try:
        historical = migrate(BEFORE).get_model("communities", "CommunityPage")
        for title, (latitude, longitude) in STORED.items():
            # the page and its English and German copies
            historical.objects.filter(translation_key=pages[title].translation_key).update(
                latitude=latitude, longitude=longitude
            )
        migrate(latest())
        for title, point in STORED.items():
            copies = CommunityPage.objects.filter(translation_key=pages[title].translation_key)
            assert [copy.point for copy in copies] == [as_floats(point)] * 3
        nearby = CommunityPage.objects.filter(locale__language_code="da").near(55.05, 9.74, 5)
        assert [page.title for page in nearby] == ["Nordborg"]
    finally:
        migrate(latest())


def test_a_draft_saved_before_keeps_its_coordinates(community):
    revision = community.save_revision()
    try:
        historical = migrate(BEFORE).get_model("wagtailcore", "Revision")
        row = historical.objects.get(pk=revision.pk)
        # a decimal was saved in a draft as its text
        row.content.update(latitude="54.974680", longitude="9.860570")
        row.save(update_fields=["content"])
        migrate(latest())
        draft = Revision.objects.get(pk=revision.pk).as_object()
        assert draft.point == (54.97468, 9.86057)
        draft.save_revision().publish()
        assert CommunityPage.objects.get(pk=community.pk).point == (54.97468, 9.86057)
    finally:
        migrate(latest())
