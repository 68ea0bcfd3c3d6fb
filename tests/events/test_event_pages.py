"""Writing events in the admin: plain repetition choices, all-day events, cancelled and extra
dates, errors on the field at fault; community editors in their own section, moderated."""

import datetime

import pytest
from django.urls import reverse
from wagtail.admin.panels import get_edit_handler
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.forms import Repeat, plain_rule
from events.models import EventPage
from tests.events.factories import CPH

pytestmark = pytest.mark.django_db


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("events", "eventpage", parent.pk))


def form_data(**overrides):
    data = {
        "title": "CaféNy",
        "slug": "cafeny",
        "summary": "Kaffe og snak for nye borgere",
        "start": "2027-01-12 17:00",
        "end": "2027-01-12 19:00",
        "repeat": Repeat.NONE,
        "repeat_until": "",
        "repeat_count": "",
        "rrule": "",
        "cancelled_dates": "",
        "extra_dates": "",
        "place_name": "Sønderborg Bibliotek",
        "address": "Kongevej 2, 6400 Sønderborg",
        "latitude": "54.9138",
        "longitude": "9.7922",
        "categories": ["social", "welcome"],
        "audiences": ["non_eu"],
        "calendar_audiences": ["tourists"],
        "languages": ["da", "en"],
        "price": "",
        "organiser": "Velkomstservice",
        "join_mode": "open",
        "join_url": "",
        "seats": "",
        **nested_form_data({"body": streamfield([]), "comments": inline_formset([])}),
    }
    data.update(overrides)
    return data


def post(client, parent, action="action-publish", **overrides):
    return client.post(add_url(parent), {**form_data(**overrides), action: "1"})


def errors(response):
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


def at(*args):
    return datetime.datetime(*args, tzinfo=CPH)


def test_the_coordinator_publishes_a_monthly_event_on_the_second_tuesday(
    coordinator_client, calendar_index
):
    response = post(
        coordinator_client,
        calendar_index,
        repeat=Repeat.MONTHLY_NTH,
        repeat_until="2027-12-31",
        cancelled_dates="2027-07-13",
        extra_dates="2027-07-20 17:00",
    )
    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="cafeny")
    assert event.live
    assert event.rrule == "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271231T235959"
    assert event.exdates == ["2027-07-13"]
    assert event.rdates == ["2027-07-20T17:00"]
    assert event.categories == ["social", "welcome"]
    # the newcomer audiences are the page's tags, as every page's; tourists/locals apart
    assert [tag.audience for tag in event.audience_tags.all()] == ["non_eu"]
    assert event.calendar_audiences == ["tourists"]
    dates = [o.start for o in event.occurrences(at(2027, 1, 1), at(2028, 1, 1))]
    assert len(dates) == 12  # 12 second Tuesdays, one cancelled, one extra
    assert at(2027, 12, 14, 17) in dates and at(2027, 7, 20, 17) in dates
    assert at(2027, 7, 13, 17) not in dates


@pytest.mark.parametrize(
    "choice, rule",
    [
        (Repeat.DAILY, "FREQ=DAILY"),
        (Repeat.WEEKLY, "FREQ=WEEKLY;BYDAY=TU"),
        (Repeat.BIWEEKLY, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        (Repeat.MONTHLY_DATE, "FREQ=MONTHLY;BYMONTHDAY=12"),
        (Repeat.MONTHLY_NTH, "FREQ=MONTHLY;BYDAY=2TU"),
        (Repeat.MONTHLY_LAST, "FREQ=MONTHLY;BYDAY=-1TU"),
        (Repeat.YEARLY, "FREQ=YEARLY"),
    ],
)
def test_each_plain_choice_is_computed_from_the_start(choice, rule):
    assert plain_rule(choice, datetime.datetime(2027, 1, 12, 17)) == rule


def test_a_number_of_times_and_a_custom_rule(coordinator_client, calendar_index):
    post(coordinator_client, calendar_index, repeat=Repeat.WEEKLY, repeat_count="4")
    assert EventPage.objects.get().rrule == "FREQ=WEEKLY;BYDAY=TU;COUNT=4"
    post(
        coordinator_client,
        calendar_index,
        slug="sprog",
        repeat=Repeat.CUSTOM,
        rrule="rrule:freq=weekly;byday=mo,we",
    )
    assert EventPage.objects.get(slug="sprog").rrule == "FREQ=WEEKLY;BYDAY=MO,WE"


def test_an_all_day_event_keeps_whole_days_with_the_last_day_included(
    coordinator_client, calendar_index
):
    post(
        coordinator_client,
        calendar_index,
        all_day="on",
        start="2027-06-10 09:30",
        end="2027-06-12 00:00",
    )
    event = EventPage.objects.get()
    assert event.all_day
    assert (event.start, event.end) == (at(2027, 6, 10), at(2027, 6, 13))


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"end": "2027-01-12 16:00"}, "end"),
        ({"all_day": "on", "end": "2027-01-10 12:00"}, "end"),
        ({"repeat": Repeat.WEEKLY, "repeat_until": "2027-01-01"}, "repeat_until"),
        (
            {"repeat": Repeat.WEEKLY, "repeat_until": "2027-12-31", "repeat_count": "3"},
            "repeat_count",
        ),
        ({"repeat": Repeat.CUSTOM, "rrule": ""}, "rrule"),
        ({"repeat": Repeat.CUSTOM, "rrule": "FREQ=HOURLY"}, "rrule"),
        ({"repeat": Repeat.CUSTOM, "rrule": "FREQ=DAILY;BYHOUR=8,10,12"}, "rrule"),
        ({"repeat": Repeat.CUSTOM, "rrule": "FREQ=WEEKLY;BYDAY=XX"}, "rrule"),
        ({"repeat": Repeat.WEEKLY, "cancelled_dates": "2027-01-13"}, "cancelled_dates"),
        ({"cancelled_dates": "next week"}, "cancelled_dates"),
        ({"extra_dates": "2027-02-30 17:00"}, "extra_dates"),
        ({"join_mode": "registration"}, "seats"),
        ({"join_mode": "link"}, "join_url"),
        ({"latitude": ""}, "latitude"),
        ({"categories": ["cooking"]}, "categories"),
    ],
)
def test_bad_input_is_refused_on_the_field_at_fault_and_nothing_is_saved(
    coordinator_client, calendar_index, overrides, field
):
    found = errors(post(coordinator_client, calendar_index, **overrides))
    assert field in found, found
    assert not EventPage.objects.exists()


def test_the_edit_form_shows_the_plain_choice_and_the_last_day(calendar_index, make_event):
    event = make_event(
        start=at(2027, 1, 12),
        end=at(2027, 1, 14),
        all_day=True,
        rrule="FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271231T235959",
        exdates=["2027-03-09"],
    )
    form_class = get_edit_handler(EventPage).get_form_class()
    form = form_class(instance=event, parent_page=calendar_index, for_user=None)
    assert form.initial["repeat"] == Repeat.MONTHLY_NTH
    assert form.initial["repeat_until"] == datetime.date(2027, 12, 31)
    assert form.initial["cancelled_dates"] == "2027-03-09"
    assert form.initial["end"].astimezone(CPH).date() == datetime.date(2027, 1, 13)
    custom = make_event(rrule="FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5")
    form = form_class(instance=custom, parent_page=calendar_index, for_user=None)
    assert form.initial["repeat"] == Repeat.CUSTOM and form.initial["repeat_count"] is None


# --- who may write where ------------------------------------------------------------------------


def test_a_community_editor_submits_an_event_in_their_section_for_moderation(
    editor_client, community, coordinator, client
):
    response = post(editor_client, community, action="action-submit", slug="hostfest")
    assert response.status_code == 302, response.context and response.context["form"].errors
    event = EventPage.objects.get(slug="hostfest")
    assert not event.live
    state = WorkflowState.objects.for_instance(event).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get(f"/api/v2/events/{event.pk}/").status_code == 404

    client.force_login(coordinator)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[event.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )
    event.refresh_from_db()
    assert event.live
    assert client.get(f"/api/v2/events/{event.pk}/").status_code == 200


def test_a_community_editor_cannot_publish_an_event_directly(editor_client, community):
    post(editor_client, community, slug="direkte")
    event = EventPage.objects.get(slug="direkte")
    assert not event.live


def test_an_editor_cannot_add_an_event_in_another_communitys_section(editor_client, make_community):
    other = make_community(title="Guderup")
    response = post(editor_client, other, action="action-submit")
    assert response.status_code in (302, 403)
    assert not EventPage.objects.exists()


def test_an_editor_cannot_add_an_event_in_the_services_calendar(editor_client, calendar_index):
    response = post(editor_client, calendar_index, action="action-submit")
    assert response.status_code in (302, 403)
    assert not EventPage.objects.exists()
