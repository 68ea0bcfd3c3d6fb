"""Trial homes live inside a community, and bad data is refused naming the field."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from communities.models import TrialHomePage
from tests.admin_forms import community_form_data, trial_home_form_data
from tests.factories import TrialHomePageFactory


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["communities", "trialhomepage", parent.pk])


def test_an_editor_adds_a_trial_home_to_their_community(editor_client, community):
    response = editor_client.post(add_url(community), trial_home_form_data())
    assert response.status_code == 302
    home = TrialHomePage.objects.child_of(community).get()
    assert home.address == "Havnegade 3, 6400 Sønderborg"
    assert not home.live  # a draft until a coordinator approves it


def test_trial_homes_exist_only_inside_a_community(index, home):
    assert TrialHomePage.can_exist_under(Page.objects.get(pk=index.pk).specific) is False
    assert TrialHomePage.can_exist_under(home) is False


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"available_from": "2027-06-01", "available_to": "2027-05-01"},
            "available_to",
            "before it is available from",
        ),
        ({"min_stay_months": "6", "max_stay_months": "3"}, "max_stay_months", "shorter"),
        ({"rent_per_month": "-1"}, "rent_per_month", "greater than or equal to 0"),
        ({"size_m2": "-20"}, "size_m2", ""),
        ({"size_m2": "0"}, "size_m2", "greater than or equal to 1"),
        ({"min_stay_months": "0"}, "min_stay_months", "greater than or equal to 1"),
    ],
)
def test_bad_trial_home_data_is_refused_naming_the_field(
    editor_client, community, changes, field, message, settings
):
    settings.LANGUAGE_CODE = "en"
    response = editor_client.post(
        add_url(community), trial_home_form_data(**changes), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not TrialHomePage.objects.exists()


def test_a_clashing_slug_is_refused(editor_client, community):
    TrialHomePageFactory(parent=community, slug="provebolig-ved-havnen")
    response = editor_client.post(add_url(community), trial_home_form_data())
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert TrialHomePage.objects.child_of(community).count() == 1


def test_a_community_slug_that_clashes_with_a_sibling_is_refused(
    coordinator_client, make_community, index
):
    make_community(title="Guderup", slug="guderup")
    other = make_community(title="Havnbjerg", slug="havnbjerg")
    response = coordinator_client.post(
        reverse("wagtailadmin_pages:edit", args=[other.pk]),
        community_form_data(other, slug="guderup"),
    )
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    other.refresh_from_db()
    assert other.slug == "havnbjerg"
