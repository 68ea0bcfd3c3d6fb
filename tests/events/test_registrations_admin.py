"""Organisers see the registrations of their own events only, and export them as CSV: a
community's editors those in their section, coordinators all; nobody else sees any."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission

from tests.events.registration_helpers import post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/registrations/"


@pytest.fixture
def nordborg_event(make_event, community):
    event = make_event(parent=community, registration=True, title="Nordborg fællesspisning")
    return event


@pytest.fixture
def service_event(make_event):
    return make_event(registration=True, title="Velkomstdag")


@pytest.fixture
def registered(client, nordborg_event, service_event):
    post(client, nordborg_event, name="Nadia Nordborg", email="nadia@example.dk", seats=2)
    post(client, nordborg_event, name="=HYPERLINK(evil)", email="eve@example.dk", seats=1)
    post(client, service_event, name="Sami Service", email="sami@example.dk")


def event_url(event):
    return f"{INDEX}{event.translation_key}/"


def export_url(event):
    return f"{event_url(event)}export.csv"


def test_a_community_editor_sees_the_registrations_of_their_sections_events(
    client, editor, registered, nordborg_event, service_event
):
    client.force_login(editor)
    index = client.get(INDEX).content.decode()
    assert "Nordborg fællesspisning" in index
    assert "Velkomstdag" not in index
    page = client.get(event_url(nordborg_event))
    assert page.status_code == 200
    assert "Nadia Nordborg" in page.content.decode()
    assert "nadia@example.dk" in page.content.decode()
    assert "Sami Service" not in page.content.decode()


def test_the_csv_export_has_every_registration_and_no_formulas(
    client, editor, registered, nordborg_event
):
    client.force_login(editor)
    response = client.get(export_url(nordborg_event))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 9  # the header, in the organiser's admin language
    names = {row[2]: row for row in rows[1:]}
    assert set(names) == {"Nadia Nordborg", "'=HYPERLINK(evil)"}
    assert names["Nadia Nordborg"][3:5] == ["nadia@example.dk", "2"]
    assert names["Nadia Nordborg"][0] == "Nordborg fællesspisning"


def test_the_export_can_be_narrowed_to_one_date(client, coordinator, make_event):
    event = make_event(registration=True, rrule="FREQ=WEEKLY;COUNT=3")
    second = event.start + datetime.timedelta(weeks=1)
    post(client, event, email="first@example.dk")
    post(client, event, email="second@example.dk", occurrence=second.isoformat())
    client.force_login(coordinator)
    response = client.get(export_url(event), {"occurrence": second.isoformat()})
    body = response.content.decode("utf-8-sig")
    assert "second@example.dk" in body
    assert "first@example.dk" not in body
    page = client.get(event_url(event), {"occurrence": second.isoformat()}).content.decode()
    assert "second@example.dk" in page
    assert "first@example.dk" not in page


def test_a_coordinator_sees_all(client, coordinator, registered, nordborg_event, service_event):
    client.force_login(coordinator)
    index = client.get(INDEX).content.decode()
    assert "Nordborg fællesspisning" in index and "Velkomstdag" in index
    for event, name in ((nordborg_event, "Nadia Nordborg"), (service_event, "Sami Service")):
        assert name in client.get(event_url(event)).content.decode()
        assert name in client.get(export_url(event)).content.decode("utf-8-sig")


def assert_refused(response):
    assert response.status_code in (302, 403)
    body = response.content.decode()
    for secret in ("Nadia", "nadia@example.dk", "Sami", "sami@example.dk"):
        assert secret not in body


def test_an_editor_of_another_community_is_refused_every_view(
    client, make_community, make_editor, registered, nordborg_event, service_event
):
    other = make_editor(make_community(title="Augustenborg"))
    client.force_login(other)
    assert_refused(client.get(INDEX))
    for event in (nordborg_event, service_event):
        assert_refused(client.get(event_url(event)))
        assert_refused(client.get(export_url(event)))


def test_the_editor_is_refused_the_services_own_events(client, editor, registered, service_event):
    client.force_login(editor)
    assert_refused(client.get(event_url(service_event)))
    assert_refused(client.get(export_url(service_event)))


def test_an_admin_user_who_organises_nothing_is_refused(client, registered, nordborg_event):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert_refused(client.get(INDEX))
    assert_refused(client.get(event_url(nordborg_event)))
    assert_refused(client.get(export_url(nordborg_event)))


def test_visitors_and_users_without_admin_access_are_sent_to_the_login(
    client, registered, nordborg_event
):
    for user in (None, UserFactory()):
        if user:
            client.force_login(user)
        for url in (INDEX, event_url(nordborg_event), export_url(nordborg_event)):
            response = client.get(url)
            assert_refused(response)
            if user is None:
                assert "/admin/login/" in response["Location"]


def test_an_unknown_event_is_refused_like_someone_elses(client, editor, registered):
    client.force_login(editor)
    assert_refused(client.get(f"{INDEX}00000000-0000-0000-0000-000000000000/"))


def test_the_event_page_in_the_admin_links_to_its_registrations_for_organisers_only(
    client, editor, make_community, make_editor, nordborg_event
):
    link = event_url(nordborg_event)
    client.force_login(editor)
    page = client.get(f"/admin/pages/{nordborg_event.pk}/edit/")
    assert page.status_code == 200
    assert link in page.content.decode()
    client.force_login(make_editor(make_community(title="Augustenborg")))
    response = client.get(f"/admin/pages/{nordborg_event.pk}/edit/")
    assert link not in response.content.decode()
