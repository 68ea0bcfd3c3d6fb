"""The calendar's admin per municipality: a coordinator of one sees, changes, imports, exports
and confirms nothing of another's — external calendars, their imported events, event pages
in every language, registrations — and still does all of it in their own.

Every test runs for both ordered pairs of the default site's municipality and Aabenraa; every
refusal is checked as the admin's refusal with the database unchanged.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import ERROR, get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from wagtail.models import Page

from events.models import ExternalCalendar, ImportedEvent, Registration, RegistrationStatus
from tests.conftest import LANGUAGES, translate
from tests.events.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ExternalCalendarFactory,
    ImportedEventFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAIRS = [("default", "aabenraa"), ("aabenraa", "default")]
pairs = pytest.mark.parametrize("own_key, other_key", PAIRS, ids=[f"{a}-vs-{b}" for a, b in PAIRS])
each_house = pytest.mark.parametrize("own_key", ["default", "aabenraa"])


def build(municipality, coordinator, token):
    """A municipality's calendar section with an event taking registrations (da/en/de), one
    registration, and an external calendar with an imported event held for confirmation."""
    site = municipality.site
    index = EventIndexPageFactory(parent=site.root_page)
    # tomorrow, so the dashboard's coming week lists it at any time of day
    start = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    event = EventPageFactory(
        parent=index,
        registration=True,
        title=f"Fællesspisning {token}",
        start=start,
        end=start + timedelta(hours=2),
    )
    for code in LANGUAGES[1:]:
        translate(index, code)
        translate(event, code)
    Registration.objects.create(
        event_key=event.translation_key,
        occurrence=event.start,
        name=f"Deltager {token}",
        email=f"{token.lower()}@example.dk",
        seats=1,
        language="da",
        status=RegistrationStatus.CONFIRMED,
        token_hash=f"{token:0<64}",
    )
    calendar = ExternalCalendarFactory(
        site=site,
        name=f"Kalender {token}",
        region=token,
        last_error=f"Fejl {token}",
        held_removals=[{"uid": "x", "recurrence_id": "", "title": f"Holdt {token}"}],
        held_of=2,
        held_since=timezone.now(),
    )
    ImportedEventFactory(calendar=calendar, title=f"Begivenhed {token}")
    return {
        "token": token,
        "coordinator": coordinator,
        "event": event,
        "copies": {copy.locale.language_code: copy for copy in event.get_translations(True)},
        "calendar": calendar,
    }


@pytest.fixture
def houses(home, aabenraa, coordinator, make_coordinator):
    return {
        "default": build(home.sites_rooted_here.get().municipality, coordinator, "Sydals"),
        "aabenraa": build(aabenraa, make_coordinator(aabenraa), "Felsted"),
    }


def state():
    return {
        "calendars": list(
            ExternalCalendar.objects.order_by("pk").values_list(
                "pk", "site_id", "name", "feed_url", "held_removals", "last_fetched_at"
            )
        ),
        "imported": list(ImportedEvent.objects.order_by("pk").values_list("pk", "title")),
        "registrations": list(
            Registration.objects.order_by("pk").values_list("pk", "status", "name")
        ),
        "pages": list(Page.objects.order_by("pk").values_list("pk", "title", "live")),
    }


def assert_refused_without_change(client, method, url, data=None):
    before = state()
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 302, (url, response.status_code)
    assert response["Location"] == reverse("wagtailadmin_home")
    assert ERROR in [message.level for message in get_messages(response.wsgi_request)]
    assert state() == before
    return response


def snippet_url(model, action, *args):
    return reverse(f"wagtailsnippets_events_{model}:{action}", args=args)


def calendar_data(**overrides):
    return {
        "name": "Tønder Kommune",
        "feed_url": "https://www.toender.dk/kalender.ics",
        "region": "Tønder",
        "categories": ["culture"],
        **overrides,
    }


# --- external calendars --------------------------------------------------------------------


@pairs
def test_a_coordinator_cannot_reach_another_municipalitys_calendars(
    client, houses, own_key, other_key
):
    own, other = houses[own_key], houses[other_key]
    client.force_login(own["coordinator"])
    calendar, imported = other["calendar"], ImportedEvent.objects.get(calendar=other["calendar"])
    for method, url, data in [
        ("get", snippet_url("externalcalendar", "edit", calendar.pk), None),
        ("post", snippet_url("externalcalendar", "edit", calendar.pk), calendar_data()),
        ("get", snippet_url("externalcalendar", "delete", calendar.pk), None),
        ("post", snippet_url("externalcalendar", "delete", calendar.pk), None),
        ("get", snippet_url("externalcalendar", "copy", calendar.pk), None),
        ("get", snippet_url("externalcalendar", "history", calendar.pk), None),
        ("get", snippet_url("externalcalendar", "usage", calendar.pk), None),
        ("post", reverse("events_import_calendar", args=[calendar.pk]), None),
        (
            "post",
            reverse("events_confirm_removals", args=[calendar.pk]),
            {"hold": calendar.hold_token},
        ),
        ("get", snippet_url("importedevent", "inspect", imported.pk), None),
    ]:
        response = assert_refused_without_change(client, method, url, data)
        assert other["token"] not in response.content.decode()
    # bulk delete lists it as not the user's, and deletes nothing
    bulk = reverse("wagtail_bulk_action", args=["events", "externalcalendar", "delete"])
    before = state()
    client.post(f"{bulk}?id={calendar.pk}")
    assert state() == before


@pairs
def test_no_calendar_listing_names_another_municipalitys(client, houses, own_key, other_key):
    own, other = houses[own_key], houses[other_key]
    client.force_login(own["coordinator"])
    for url in (
        snippet_url("externalcalendar", "list"),
        snippet_url("importedevent", "list"),
        snippet_url("importedevent", "list") + f"?calendar={other['calendar'].pk}",
        reverse("wagtailadmin_home"),
        "/admin/registrations/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert other["token"] not in response.content.decode(), url
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"Kalender {own['token']}" in html
    assert f"Fællesspisning {own['token']}" in html


@pairs
def test_a_new_calendar_is_the_coordinators_own_municipalitys(client, houses, own_key, other_key):
    own, other = houses[own_key], houses[other_key]
    client.force_login(own["coordinator"])
    response = client.post(
        snippet_url("externalcalendar", "add"), calendar_data(site=other["calendar"].site_id)
    )
    assert response.status_code == 302
    calendar = ExternalCalendar.objects.get(name="Tønder Kommune")
    assert calendar.site_id == own["calendar"].site_id


@pairs
def test_a_feed_is_registered_once_per_municipality(client, houses, own_key, other_key):
    """The site is not asked of a coordinator, yet the feed's uniqueness per site holds:
    another municipality's feed may be added, their own a second time is refused."""
    own, other = houses[own_key], houses[other_key]
    client.force_login(own["coordinator"])
    before = state()
    response = client.post(
        snippet_url("externalcalendar", "add"), calendar_data(feed_url=own["calendar"].feed_url)
    )
    assert response.status_code == 200
    feed_url = str(capfirst(ExternalCalendar._meta.get_field("feed_url").verbose_name))
    assert feed_url in response.context["form"].errors["__all__"][0]
    assert state() == before
    response = client.post(
        snippet_url("externalcalendar", "add"), calendar_data(feed_url=other["calendar"].feed_url)
    )
    assert response.status_code == 302
    assert ExternalCalendar.objects.get(name="Tønder Kommune").site_id == own["calendar"].site_id


def test_a_superuser_chooses_the_municipality(client, houses):
    client.force_login(UserFactory(is_superuser=True))
    site = houses["aabenraa"]["calendar"].site_id
    response = client.post(snippet_url("externalcalendar", "add"), calendar_data(site=site))
    assert response.status_code == 302
    assert ExternalCalendar.objects.get(name="Tønder Kommune").site_id == site


@each_house
def test_a_coordinator_works_on_their_own_calendars(client, houses, own_key):
    own = houses[own_key]
    client.force_login(own["coordinator"])
    calendar = own["calendar"]
    assert client.get(snippet_url("externalcalendar", "edit", calendar.pk)).status_code == 200
    listing = client.get(snippet_url("importedevent", "list")).content.decode()
    assert f"Begivenhed {own['token']}" in listing
    response = client.post(
        reverse("events_confirm_removals", args=[calendar.pk]), {"hold": calendar.hold_token}
    )
    assert response.status_code == 302
    calendar.refresh_from_db()
    assert calendar.held_removals == []


# --- registrations -------------------------------------------------------------------------


@pairs
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_cannot_see_or_export_another_municipalitys_registrations(
    client, houses, own_key, other_key, language
):
    own, other = houses[own_key], houses[other_key]
    client.force_login(own["coordinator"])
    event = other["copies"][language]
    base = f"/admin/registrations/{event.translation_key}/"
    occurrence = timezone.localtime(other["event"].start).isoformat()
    for url in (base, f"{base}?occurrence={occurrence}", f"{base}export.csv"):
        response = assert_refused_without_change(client, "get", url)
        assert other["token"] not in response.content.decode()
    edit = reverse("wagtailadmin_pages:edit", args=[event.pk])
    assert_refused_without_change(client, "get", edit)


@each_house
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_sees_and_exports_their_own_registrations(client, houses, own_key, language):
    own = houses[own_key]
    client.force_login(own["coordinator"])
    event = own["copies"][language]
    base = f"/admin/registrations/{event.translation_key}/"
    assert f"Deltager {own['token']}" in client.get(base).content.decode()
    export = client.get(f"{base}export.csv")
    assert export.status_code == 200
    assert f"Deltager {own['token']}" in export.content.decode("utf-8-sig")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert base in edit  # the registrations button on the event's page
