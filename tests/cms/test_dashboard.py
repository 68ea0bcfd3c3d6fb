"""The dashboard shows the day's work: to a coordinator what waits for approval, the
associations, the calendars and the registrations; to a community's editors their pages in
moderation, their drafts and their next events. Nothing of another community; the same
number of queries for one item or many."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from cms.dashboard import (
    AssociationsWaitingPanel,
    CalendarProblemsPanel,
    ComingWeekRegistrationsPanel,
    CommunityDraftsPanel,
    CommunityEventsPanel,
    CommunityModerationPanel,
    PagesAwaitingApprovalPanel,
)
from cms.dashboard.base import LIMIT
from events.registrations import register
from tests.directory.factories import AssociationFactory, SubmissionFactory
from tests.events.factories import EventPageFactory, ExternalCalendarFactory

DASHBOARD = "/admin/"


def submit(page, user):
    """`page` sent to the coordinators' approval, as the editor's Submit does."""
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def send_back(state, coordinator, comment):
    state.current_task_state.specific.reject(user=coordinator, comment=comment)


def draft(page, user, title):
    page.title = title
    page.save_revision(user=user)
    return page


def soon(days=2):
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0)


def fill(event, start, seats, waiting=0):
    """`seats` confirmed on the date, then `waiting` people on its waiting list."""
    for n in range(seats):
        register(event, start, name=f"Deltager {n}", email=f"d{n}@example.dk", seats=1,
                 language="da", consent=False)  # fmt: skip
    for n in range(waiting):
        register(event, start, name=f"Venter {n}", email=f"v{n}@example.dk", seats=1,
                 language="da", consent=False)  # fmt: skip


def render(panel, user):
    request = RequestFactory().get(DASHBOARD)
    request.user = get_user_model().objects.get(pk=user.pk)  # no cached permissions
    return panel().render_html({"request": request})


@pytest.fixture
def other(make_community):
    return make_community(title="Augustenborg")


@pytest.fixture
def other_editor(make_editor, other):
    return make_editor(other)


def test_the_coordinator_sees_pages_waiting_with_community_and_language(
    coordinator_client, community, editor, other, other_editor
):
    english = community.get_translation(Locale.objects.get(language_code="en")).specific
    submit(english, editor)
    submit(other, other_editor)
    html = coordinator_client.get(DASHBOARD).content.decode()
    panel = html[html.index('id="pages_awaiting_approval') :]
    assert english.title in panel and "Nordborg" in panel and "Engelsk" in panel
    assert "Augustenborg" in panel
    assert reverse("wagtailadmin_pages:edit", args=[english.pk]) in panel
    assert reverse("wagtailadmin_reports:workflow") in panel


def test_an_editor_sees_their_pages_in_moderation_and_sent_back_with_the_comment(
    client, community, editor, coordinator, other, other_editor
):
    state = submit(community, editor)
    send_back(state, coordinator, "Tilføj venligst et billede.")
    submit(other, other_editor)
    client.force_login(editor)
    html = client.get(DASHBOARD).content.decode()
    panel = html[html.index('id="community_moderation') :]
    assert "Ændringer ønsket" in panel and "Tilføj venligst et billede." in panel
    assert reverse("wagtailadmin_pages:edit", args=[community.pk]) in panel
    assert "Augustenborg" not in html
    assert "pages_awaiting_approval" not in html  # the coordinator's panel


def test_an_editor_sees_their_communitys_drafts_and_no_other(
    client, community, editor, other, other_editor
):
    draft(community, editor, "Nordborg (kladde)")
    draft(other, other_editor, "Augustenborg (kladde)")
    client.force_login(editor)
    html = client.get(DASHBOARD).content.decode()
    panel = html[html.index('id="community_drafts') :]
    assert "Nordborg (kladde)" in panel
    assert "Augustenborg" not in html


def test_associations_waiting_link_to_their_review(coordinator_client, db):
    new = SubmissionFactory(name="Nordborg Roklub")
    SubmissionFactory(name="Skakklubben", association=AssociationFactory())
    html = coordinator_client.get(DASHBOARD).content.decode()
    panel = html[html.index('id="associations_waiting') :]
    assert "Nordborg Roklub" in panel and "Nyt opslag" in panel
    assert "Skakklubben" in panel and "Ændring af et udgivet opslag" in panel
    assert reverse("directory_review", args=[new.pk]) in panel
    assert reverse("directory_submissions") in panel


def test_calendars_with_errors_or_held_removals_link_to_the_calendar(coordinator_client, db):
    failing = ExternalCalendarFactory(name="Aabenraa", last_error="HTTP 404")
    held = ExternalCalendarFactory(
        name="Tønder",
        held_removals=[{"uid": "a", "recurrence_id": "", "title": "Koncert"}] * 3,
    )
    ExternalCalendarFactory(name="Haderslev")  # all well
    html = coordinator_client.get(DASHBOARD).content.decode()
    panel = html[html.index('id="calendar_problems') :]
    assert "HTTP 404" in panel and "3 fjernelser" in panel
    for calendar in (failing, held):
        assert reverse("wagtailsnippets_events_externalcalendar:edit", args=[calendar.pk]) in panel
    assert "Haderslev" not in panel


def test_the_coordinator_sees_the_weeks_seats_and_full_dates_with_waiting_lists(
    coordinator_client, community
):
    this_week = EventPageFactory(
        parent=community, title="Velkomstaften", registration=True, seats=5, start=soon(2)
    )
    fill(this_week, this_week.start, seats=3)
    later = EventPageFactory(
        parent=community, title="Byvandring", registration=True, seats=2, start=soon(20)
    )
    fill(later, later.start, seats=2, waiting=2)
    EventPageFactory(parent=community, title="Fjern fest", registration=True, start=soon(30))
    html = coordinator_client.get(DASHBOARD).content.decode()
    panel = html[html.index('id="coming_week_registrations') :]
    assert "Velkomstaften" in panel and "3 af 5 pladser taget" in panel
    assert "Byvandring" in panel and "2 på venteliste" in panel
    assert "Fjern fest" not in panel  # not this week, not full
    assert reverse("event_registrations_event", args=[this_week.translation_key]) in panel


def test_an_editor_sees_their_communitys_next_events_and_seats(client, community, editor, other):
    mine = EventPageFactory(
        parent=community, title="Fællesspisning", registration=True, seats=8, start=soon(3)
    )
    fill(mine, mine.start, seats=2)
    EventPageFactory(parent=other, title="Sommerfest", start=soon(3))
    client.force_login(editor)
    html = client.get(DASHBOARD).content.decode()
    panel = html[html.index('id="community_events') :]
    assert "Fællesspisning" in panel and "2 af 8 pladser taget" in panel
    assert "Sommerfest" not in html


def test_empty_panels_say_nothing_waits(coordinator_client, client, editor):
    html = coordinator_client.get(DASHBOARD).content.decode()
    assert html.count("Intet venter på dig.") == 4
    client.force_login(editor)
    html = client.get(DASHBOARD).content.decode()
    assert html.count("Intet venter på dig.") == 2
    assert "Ingen arrangementer de kommende uger." in html


# --- a constant number of queries, whatever the number of items ---------------------------


def _pages_waiting(n, community, editor, **_):
    for i in range(n):
        page = EventPageFactory(parent=community, title=f"Side {i}")
        submit(page, editor)


def _sent_back(n, community, editor, coordinator, **_):
    for i in range(n):
        page = EventPageFactory(parent=community, title=f"Side {i}")
        state = submit(page, editor)
        if i % 2:
            send_back(state, coordinator, "Ret datoen.")


def _drafts(n, community, editor, **_):
    for i in range(n):
        draft(EventPageFactory(parent=community), editor, f"Kladde {i}")


def _associations(n, **_):
    for i in range(n):
        SubmissionFactory(name=f"Forening {i}", association=AssociationFactory() if i % 2 else None)


def _calendars(n, **_):
    for i in range(n):
        ExternalCalendarFactory(name=f"Kalender {i}", last_error="timeout")


def _registrations(n, community, **_):
    for i in range(n):
        event = EventPageFactory(parent=community, registration=True, seats=1, start=soon(1 + i))
        fill(event, event.start, seats=1, waiting=1)


@pytest.mark.parametrize(
    "panel, make, reader",
    [
        (PagesAwaitingApprovalPanel, _pages_waiting, "coordinator"),
        (CommunityModerationPanel, _sent_back, "editor"),
        (CommunityDraftsPanel, _drafts, "editor"),
        (AssociationsWaitingPanel, _associations, "coordinator"),
        (CalendarProblemsPanel, _calendars, "coordinator"),
        (ComingWeekRegistrationsPanel, _registrations, "coordinator"),
        (CommunityEventsPanel, _registrations, "editor"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_a_panel_costs_the_same_queries_for_one_item_or_many(
    panel, make, reader, community, editor, coordinator, django_assert_num_queries
):
    user = {"editor": editor, "coordinator": coordinator}[reader]
    people = {"community": community, "editor": editor, "coordinator": coordinator}
    make(1, **people)
    render(panel, user)  # warms Wagtail's per-process caches (content types)
    with CaptureQueriesContext(connection) as one:
        render(panel, user)
    make(11, **people)
    with django_assert_num_queries(len(one.captured_queries)):
        html = render(panel, user)
    assert html.count("<tr>") == LIMIT
