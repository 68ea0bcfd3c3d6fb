"""The API serves the municipality of the request's host: every listing holds only that
municipality's rows and pages, another municipality's details are not found, association
submissions belong to the host's municipality, and `/api/v2/municipalities/` describes it."""

import pytest
from wagtail.models import Collection, Site

from directory.models import AssociationSubmission
from events.models import Registration
from tests.conftest import translate
from tests.directory.factories import AssociationFactory, PracticeFactory, api_entry
from tests.events.factories import EventPageFactory, ExternalCalendarFactory, ImportedEventFactory
from tests.events.registration_helpers import body
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    DocumentFactory,
    ImageFactory,
)
from tests.guide.factories import (
    ChecklistPageFactory,
    ChecklistStepPageFactory,
    ContactFactory,
    CultureNoteFactory,
    UsefulLinkFactory,
)

HOSTS = {"home": "localhost", "aabenraa": "aabenraa.localhost"}
#: every listing of rows or pages a municipality owns
LISTINGS = (
    "pages",
    "communities",
    "images",
    "documents",
    "events",
    "associations",
    "doctors",
    "checklist",
    "culture-guide",
    "contacts",
    "links",
    "changes",
    "municipalities",
)


def _rows(site, home, collection, mark):
    """One of everything a municipality owns, each named with `mark`; their ids by kind."""
    index = CommunityIndexPageFactory(parent=home, title=f"Landsbyer {mark}")
    community = CommunityPageFactory(parent=index, title=f"Landsby {mark}")
    translate(index, "en")
    translate(community, "en")
    event = EventPageFactory(parent=home, title=f"Fest {mark}")
    checklist = ChecklistPageFactory(parent=home, title=f"Tjekliste {mark}")
    step = ChecklistStepPageFactory(parent=checklist, title=f"Skridt {mark}")
    calendar = ExternalCalendarFactory(site=site, name=f"Kalender {mark}")
    return {
        "community": community.pk,
        "event": event.pk,
        "step": step.pk,
        "imported": ImportedEventFactory(calendar=calendar, title=f"Koncert {mark}").pk,
        "association": AssociationFactory(site=site, name=f"Forening {mark}").pk,
        "practice": PracticeFactory(site=site, name=f"Lægehus {mark}").pk,
        "note": CultureNoteFactory(site=site, question=f"Hvorfor {mark}?").pk,
        "contact": ContactFactory(site=site, name=f"Kontakt {mark}").pk,
        "link": UsefulLinkFactory(site=site, label=f"Link {mark}").pk,
        "image": ImageFactory(collection=collection, title=f"Billede {mark}").pk,
        "document": DocumentFactory(collection=collection, title=f"Dokument {mark}").pk,
    }


@pytest.fixture
def both(home, aabenraa):
    """Rows and pages of the default site's municipality and of Aabenraa's, each marked."""
    default = Site.objects.get(is_default_site=True)
    return {
        "home": _rows(default, home, Collection.get_first_root_node(), "qqhomeqq"),
        "aabenraa": _rows(
            aabenraa.site, aabenraa.site.root_page, aabenraa.collection, "qqaabenraaqq"
        ),
    }


MARKS = {"home": "qqhomeqq", "aabenraa": "qqaabenraaqq"}
OTHER = {"home": "aabenraa", "aabenraa": "home"}


def get(client, path, where, **params):
    return client.get(path, params, HTTP_HOST=HOSTS[where])


@pytest.mark.parametrize("where", HOSTS)
@pytest.mark.parametrize("name", LISTINGS)
def test_a_listing_holds_only_the_hosts_municipality(client, both, where, name, settings):
    settings.CHANGES_SETTLE_SECONDS = 0  # the change feed: what was just published too
    response = get(client, f"/api/v2/{name}/", where, fields="*", limit=100)
    assert response.status_code == 200, response.content[:300]
    text = response.content.decode()
    assert MARKS[OTHER[where]] not in text
    if name != "municipalities":  # (its items carry no marked rows)
        assert MARKS[where] in text, name


@pytest.mark.parametrize("where", HOSTS)
@pytest.mark.parametrize("feed", ["/api/v2/events/feed.ics", "/api/v2/checklist/print/"])
def test_the_feed_and_the_printed_checklist_hold_only_the_hosts(client, both, where, feed):
    response = get(client, feed, where)
    assert response.status_code == 200
    text = response.content.decode()
    assert MARKS[where] in text and MARKS[OTHER[where]] not in text


DETAILS = {
    "community": ["/api/v2/communities/{}/", "/api/v2/pages/{}/"],
    "event": ["/api/v2/events/{}/", "/api/v2/events/{}/event.ics"],
    "imported": ["/api/v2/events/imported/{}/", "/api/v2/events/imported/{}/event.ics"],
    "association": ["/api/v2/associations/{}/"],
    "practice": ["/api/v2/doctors/{}/"],
    "note": ["/api/v2/culture-guide/{}/"],
    "contact": ["/api/v2/contacts/{}/"],
    "link": ["/api/v2/links/{}/"],
    "image": ["/api/v2/images/{}/"],
    "document": ["/api/v2/documents/{}/"],
}


@pytest.mark.parametrize("where", HOSTS)
@pytest.mark.parametrize("kind", DETAILS)
def test_another_municipalitys_details_are_not_found(client, both, where, kind):
    for path in DETAILS[kind]:
        own = get(client, path.format(both[where][kind]), where)
        assert own.status_code == 200, (path, own.content[:300])
        other = get(client, path.format(both[OTHER[where]][kind]), where)
        assert other.status_code == 404, path
        assert MARKS[OTHER[where]] not in other.content.decode()


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
