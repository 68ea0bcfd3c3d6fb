"""The coordinator registers external calendars in the admin and sees how their last import
went; imported events can be looked at there, never added, changed or deleted."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.importer import import_feed
from events.models import ExternalCalendar, ImportedEvent
from tests.events.calendar_feeds import make_calendar, sample
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def url(model, action, *args):
    return reverse(f"wagtailsnippets_events_{model}:{action}", args=args)


def calendar_data(**overrides):
    return {
        "name": "Tønder Kommune",
        "feed_url": "https://www.toender.dk/kalender.ics",
        "region": "Tønder",
        "categories": ["culture", "nature"],
        "audiences": ["eu", "children"],
        "calendar_audiences": ["tourists"],
        "languages": ["da", "de"],
        **overrides,
    }


def test_the_coordinator_registers_a_calendar(coordinator_client):
    response = coordinator_client.post(url("externalcalendar", "add"), calendar_data())

    assert response.status_code == 302
    calendar = ExternalCalendar.objects.get()
    assert (calendar.feed_url, calendar.region) == ("https://www.toender.dk/kalender.ics", "Tønder")
    assert calendar.categories == ["culture", "nature"]
    assert (calendar.audiences, calendar.calendar_audiences) == (["eu", "children"], ["tourists"])
    assert calendar.languages == ["da", "de"]


@pytest.mark.parametrize(
    "feed_url",
    ["ftp://ftp.toender.dk/kalender.ics", "file:///etc/passwd", "webcal://toender.dk/k.ics"],
)
def test_a_feed_url_that_is_not_http_is_refused_naming_the_field(coordinator_client, feed_url):
    response = coordinator_client.post(
        url("externalcalendar", "add"), calendar_data(feed_url=feed_url)
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["feed_url"]
    assert not ExternalCalendar.objects.exists()


def test_an_unknown_category_is_refused_naming_the_field(coordinator_client):
    response = coordinator_client.post(
        url("externalcalendar", "add"), calendar_data(categories=["knitting"])
    )

    assert list(response.context["form"].errors) == ["categories"]
    assert not ExternalCalendar.objects.exists()


def test_the_model_refuses_a_feed_url_that_is_not_http():
    calendar = ExternalCalendar(name="x", region="x", feed_url="ftp://x.dk/a.ics")
    with pytest.raises(ValidationError) as error:
        calendar.full_clean()
    assert list(error.value.message_dict) == ["feed_url"]


def test_the_coordinator_sees_the_last_error_and_the_skipped_events(coordinator_client):
    calendar = make_calendar()
    import_feed(calendar, sample("aabenraa.ics"))
    import_feed(calendar, b"<html>Service unavailable</html>")

    listing = coordinator_client.get(url("externalcalendar", "list"))
    edit = coordinator_client.get(url("externalcalendar", "edit", calendar.pk))

    assert "not valid iCalendar" in listing.content.decode()
    page = edit.content.decode()
    assert "The last import failed; the events are as they were before" in page
    assert "not valid iCalendar" in page
    assert "11 events in the feed: 6 new" in page
    assert "hourly-yoga@aabenraa.dk" in page and "Yoga hver time" in page


def test_imported_events_are_listed_and_shown_to_the_coordinator(coordinator_client):
    calendar = make_calendar()
    import_feed(calendar, sample("aabenraa.ics"))
    event = ImportedEvent.objects.get(uid="jobmesse-2027@aabenraa.dk")

    listing = coordinator_client.get(url("importedevent", "list"))
    inspect = coordinator_client.get(url("importedevent", "inspect", event.pk))

    assert listing.status_code == 200 and "Jobmesse Sønderjylland" in listing.content.decode()
    assert inspect.status_code == 200 and "Arena Aabenraa" in inspect.content.decode()
    assert url("importedevent", "add") not in listing.content.decode()
    assert url("importedevent", "edit", event.pk) not in listing.content.decode()


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_nobody_adds_changes_or_deletes_an_imported_event(client, coordinator, who):
    user = coordinator if who == "coordinator" else UserFactory(is_superuser=True)
    client.force_login(user)
    calendar = make_calendar()
    import_feed(calendar, sample("aabenraa.ics"))
    event = ImportedEvent.objects.get(uid="jobmesse-2027@aabenraa.dk")
    title = event.title

    responses = [
        client.get(url("importedevent", "add")),
        client.get(url("importedevent", "edit", event.pk)),
        client.post(url("importedevent", "edit", event.pk), {"title": "Ændret"}),
        client.post(url("importedevent", "delete", event.pk)),
    ]

    assert all(response.status_code in (302, 403) for response in responses)
    for response in responses:
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
    event.refresh_from_db()
    assert event.title == title


def test_an_editor_cannot_see_calendars_or_imported_events(editor_client):
    calendar = make_calendar()
    import_feed(calendar, sample("aabenraa.ics"))

    for address in (
        url("externalcalendar", "list"),
        url("externalcalendar", "edit", calendar.pk),
        url("importedevent", "list"),
    ):
        response = editor_client.get(address)
        assert response.status_code in (302, 403)
    assert ExternalCalendar.objects.get().name == "Aabenraa Kommune"
