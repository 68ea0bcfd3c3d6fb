"""The API serves the municipality of the request's host: every listing holds only that
municipality's rows and pages, another municipality's details are not found, association
submissions belong to the host's municipality, and `/api/v2/municipalities/` describes it."""

import pytest
from wagtail.models import Site

from directory.models import AssociationSubmission
from events.models import Registration
from tests.directory.factories import AssociationFactory, api_entry
from tests.events.factories import EventPageFactory
from tests.events.registration_helpers import body
from tests.factories import (
    ImageFactory,
)

HOSTS = {"home": "localhost", "aabenraa": "aabenraa.localhost"}


def get(client, path, where, **params):
    return client.get(path, params, HTTP_HOST=HOSTS[where])


def test_registering_for_another_municipalitys_event_is_not_found(client, aabenraa, home):
    """(Aabenraa's event, asked of the default site's host.)"""
    event = EventPageFactory(parent=aabenraa.site.root_page, registration=True)
    path = f"/api/v2/events/{event.pk}/registrations/"
    response = client.post(path, body(event), content_type="application/json")
    assert response.status_code == 404
    assert set(response.json()) == {"message"}
    assert not Registration.objects.exists()


@pytest.mark.parametrize("where", HOSTS)
def test_a_submission_belongs_to_the_hosts_municipality(client, home, aabenraa, where, mailoutbox):
    response = client.post(
        "/api/v2/associations/submissions/",
        api_entry(),
        content_type="application/json",
        HTTP_HOST=HOSTS[where],
    )
    assert response.status_code == 202, response.content
    site = aabenraa.site if where == "aabenraa" else Site.objects.get(is_default_site=True)
    assert list(AssociationSubmission.objects.values_list("site", flat=True)) == [site.pk]


def test_a_submission_may_not_meet_in_another_municipalitys_community(
    client, home, aabenraa, community
):
    response = client.post(
        "/api/v2/associations/submissions/",
        api_entry(community=community.pk),
        content_type="application/json",
        HTTP_HOST=HOSTS["aabenraa"],
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"community"}
    assert not AssociationSubmission.objects.exists()
    accepted = client.post(
        "/api/v2/associations/submissions/",
        api_entry(community=community.pk),
        content_type="application/json",
    )
    assert accepted.status_code == 202, accepted.content


def test_an_edit_link_goes_only_to_the_hosts_municipalitys_entries(
    client, home, aabenraa, mailoutbox, django_capture_on_commit_callbacks
):
    AssociationFactory(site=aabenraa.site, email="kasserer@roklub.dk")
    for where, sent in (("home", 0), ("aabenraa", 1)):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/api/v2/associations/edit-link/",
                {"email": "kasserer@roklub.dk"},
                content_type="application/json",
                HTTP_HOST=HOSTS[where],
            )
        assert response.status_code == 202
        assert len(mailoutbox) == sent, where


def test_the_municipalities_listing_is_the_hosts_one(client, home, aabenraa):
    aabenraa.email, aabenraa.colour = "kommune@aabenraa.dk", "#112233"
    aabenraa.logo = ImageFactory(title="Logo")
    aabenraa.save()
    data = get(client, "/api/v2/municipalities/", "aabenraa", locale="en").json()
    assert data["meta"]["total_count"] == 1
    [item] = data["items"]
    assert item["id"] == aabenraa.pk and item["name"] == "Aabenraa"
    assert item["email"] == "kommune@aabenraa.dk" and item["colour"] == "#112233"
    assert item["languages"] == ["da", "en", "de"] and item["default_language"] == "da"
    assert item["logo"]["id"] == aabenraa.logo.pk and item["logo"]["download_url"]
    english = aabenraa.site.root_page.get_translations().get(locale__language_code="en")
    assert item["home"]["id"] == english.pk
    assert item["home"]["html_url"].startswith("http://aabenraa.localhost")
    assert item["meta"]["type"] == "guide.Municipality"
    detail = client.get(item["meta"]["detail_url"], HTTP_HOST=HOSTS["aabenraa"])
    assert detail.status_code == 200 and detail.json()["id"] == aabenraa.pk
    mine = get(client, "/api/v2/municipalities/", "home").json()["items"]
    assert [m["id"] for m in mine] != [aabenraa.pk] and mine[0]["home"]["id"] == home.pk
    assert get(client, f"/api/v2/municipalities/{aabenraa.pk}/", "home").status_code == 404


def test_a_home_page_without_a_copy_in_the_asked_language_is_the_default_ones(
    client, home, aabenraa
):
    for copy in aabenraa.site.root_page.get_translations():
        copy.unpublish()
    [item] = get(client, "/api/v2/municipalities/", "aabenraa", locale="de").json()["items"]
    assert item["home"]["id"] == aabenraa.site.root_page.pk
    assert item["logo"] is None


@pytest.mark.parametrize("path", ["/api/v2/contacts/", "/api/v2/pages/", "/api/v2/events/"])
def test_a_host_with_no_municipality_is_not_found(client, home, aabenraa, path):
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    response = client.get(path, HTTP_HOST="nowhere.localhost")
    assert response.status_code == 404
    assert set(response.json()) == {"message"}
    assert client.get(path, HTTP_HOST=HOSTS["aabenraa"]).status_code == 200


def test_the_api_root_lists_the_municipalities(client, db):
    endpoints = client.get("/api/v2/").json()["endpoints"]
    assert endpoints["municipalities"] == "http://testserver/api/v2/municipalities/"
