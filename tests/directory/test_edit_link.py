"""After approval an association keeps its entry current through a private, signed,
expiring link; a forged or old link changes nothing and offers a new one. Every link points
at the address of the association's own municipality."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from directory import links
from directory.models import Association, AssociationSubmission
from tests.directory.conftest import SUBMISSIONS
from tests.directory.factories import AssociationFactory, api_entry, entry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EDIT_LINK_API = "/api/v2/associations/edit-link/"


def edit_path(association):
    return links.edit_url(association).split("8000", 1)[-1]


def changed(association, **changes):
    data = entry(
        name=association.name, email=association.email, description=association.description
    )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_edit_link_shows_the_entry_and_a_change_waits_for_approval(client, association):
    path = edit_path(association)
    page = client.get(path)
    assert page.status_code == 200
    assert page.context["form"].initial["name"] == "Nordborg Roklub"

    response = client.post(path, changed(association, description="Nu med kajak."))
    assert response.status_code == 200
    change = AssociationSubmission.objects.get()
    assert change.status == "pending"  # the link proves the address: no confirmation
    assert change.association == association
    association.refresh_from_db()
    assert association.description == "Roning på søen."


def test_the_association_can_confirm_its_entry_is_still_current(client, association):
    Association.objects.filter(pk=association.pk).update(
        confirmed_at=timezone.now() - timedelta(days=600), reminded_at=timezone.now()
    )
    client.post(edit_path(association), {"still_current": "1"})
    association.refresh_from_db()
    assert association.confirmed_at > timezone.now() - timedelta(minutes=1)
    assert association.reminded_at is None
    assert not AssociationSubmission.objects.exists()


def test_a_hidden_entry_confirmed_as_current_is_listed_again(client, association):
    Association.objects.filter(pk=association.pk).update(
        confirmed_at=timezone.now() - timedelta(days=600), reminded_at=timezone.now(), hidden=True
    )
    assert client.get("/api/v2/associations/").json()["meta"]["total_count"] == 0  # cached
    client.post(edit_path(association), {"still_current": "1"})
    names = [item["name"] for item in client.get("/api/v2/associations/").json()["items"]]
    assert names == [association.name]


@pytest.mark.parametrize("token", ["forged", "1:abc:def"])
def test_a_forged_link_changes_nothing_and_offers_a_new_one(client, association, token):
    response = client.post(f"/associations/edit/{token}/", changed(association, name="Hacked"))
    assert response.status_code == 400
    assert "/associations/edit-link/" in response.content.decode()
    assert not AssociationSubmission.objects.exists()
    association.refresh_from_db()
    assert association.name == "Nordborg Roklub"


def test_an_expired_link_changes_nothing(client, association, settings):
    path = edit_path(association)
    settings.DIRECTORY_EDIT_LINK_DAYS = -1
    response = client.post(path, {"still_current": "1"})
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_a_link_for_one_entry_does_not_open_another(client, association):
    other = AssociationFactory()
    token = links.edit_token(other)
    assert links.association_id(token) == other.pk
    assert links.association_id(token.replace(str(other.pk), str(association.pk), 1)) is None


def test_a_new_link_is_emailed_to_a_known_address(api, association):
    response = api.post_json(EDIT_LINK_API, {"email": "KASSERER@roklub.dk"})
    assert response.status_code == 202
    assert mail.outbox[0].to == ["kasserer@roklub.dk"]
    assert mail.outbox[0].extra_headers["Content-Language"] == "en"
    path = re.search(r"/associations/edit/\S+/", mail.outbox[0].body).group(0)
    assert api.get(path).status_code == 200


def test_an_unknown_address_gets_the_same_answer_and_no_mail(api, association):
    known = api.post_json(EDIT_LINK_API, {"email": "kasserer@roklub.dk"}).json()
    unknown = api.post_json(EDIT_LINK_API, {"email": "nobody@example.dk"})
    assert unknown.status_code == 202
    assert unknown.json() == known
    assert len(mail.outbox) == 1


def test_a_bad_address_is_a_400_naming_the_field(api):
    response = api.post_json(EDIT_LINK_API, {"email": "nope"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email"}


def test_link_requests_are_rate_limited_in_the_api_and_the_page(api, association, settings):
    settings.DIRECTORY_EDIT_LINK_RATE = "2/hour"
    api.post_json(EDIT_LINK_API, {"email": "kasserer@roklub.dk"})
    api.post("/associations/edit-link/", {"email": "kasserer@roklub.dk"})
    for response in (
        api.post_json(EDIT_LINK_API, {"email": "kasserer@roklub.dk"}),
        api.post("/associations/edit-link/", {"email": "kasserer@roklub.dk"}),
    ):
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
    assert len(mail.outbox) == 2


def link_in(message, kind):
    return re.search(rf"\S+/associations/{kind}/\S+/", message.body).group(0)


def test_each_municipalitys_edit_links_point_at_its_own_address(
    api, association, aabenraa, settings
):
    settings.DIRECTORY_BASE_URL = "https://velkomst.sonderborg.dk"
    theirs = AssociationFactory(site=aabenraa.site, email="formand@aabenraa-ro.dk", language="en")
    api.post_json(EDIT_LINK_API, {"email": theirs.email}, HTTP_HOST="aabenraa.localhost")
    api.post_json(EDIT_LINK_API, {"email": association.email})
    aabenraa_link, default_link = (link_in(message, "edit") for message in mail.outbox)
    assert aabenraa_link.startswith("http://aabenraa.localhost/associations/edit/")
    # the default site's links are where DIRECTORY_BASE_URL says, as with one municipality
    assert default_link.startswith("https://velkomst.sonderborg.dk/associations/edit/")
    path = urlsplit(aabenraa_link).path
    assert api.get(path, HTTP_HOST="aabenraa.localhost").status_code == 200
    assert api.get(path).status_code == 400  # another municipality's address


def test_a_confirmation_link_points_at_the_municipality_the_entry_was_sent_to(api, aabenraa):
    aabenraa.site.port = 443  # served over https
    aabenraa.site.save()
    response = api.post_json(SUBMISSIONS, api_entry(), HTTP_HOST="aabenraa.localhost")
    assert response.status_code == 202
    assert AssociationSubmission.objects.get().site == aabenraa.site
    link = link_in(mail.outbox[0], "confirm")
    assert link.startswith("https://aabenraa.localhost/associations/confirm/")
