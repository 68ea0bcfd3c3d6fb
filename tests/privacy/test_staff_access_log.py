"""Staff access to people's personal data is in Wagtail's audit log: who opened which
screen, or exported which list, when, and how many rows; the entry never names the person."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events.registrations import register
from newcomers import enquiries, meetups
from newcomers.models import MentorRequest
from tests.factories import UserFactory
from tests.newcomers.test_ambassadors import newcomer

pytestmark = pytest.mark.django_db


def entries():
    return [
        (e.action, e.user_id, e.object_id, e.data["screen"], e.data["ref"], e.data["rows"])
        for e in ModelLogEntry.objects.filter(action__startswith="velkomst.personal_data").order_by(
            "pk"
        )
    ]


def test_each_screen_and_export_of_personal_data_is_logged(
    client, english, community, make_editor, coordinator, make_event
):
    site = community.get_site()
    lina = newcomer(community, "Lina")
    editor = make_editor(community)
    client.force_login(editor)
    assert client.get("/admin/new-in-our-area/").status_code == 200

    client.force_login(coordinator)
    enquiry = enquiries.submit(
        site, topic="work", language="en", message="Where do I find work?", email=lina.email
    )
    starts = timezone.now() + timedelta(days=3)
    meetup = meetups.post(
        lina,
        {"title": "Concert", "starts_at": starts, "place": "Alsion", "language": "en",
         "max_people": 3},
    )  # fmt: skip
    wanted = MentorRequest.objects.create(
        account=lina, site=site, industry="it", languages=["en"], need="A CV read through."
    )
    event = make_event(title="Welcome day", registration=True, seats=10)
    register(event, event.start, name="Lina", email=lina.email, seats=1, language="en",
             consent=True)  # fmt: skip
    for url in (
        f"/admin/enquiries/{enquiry.pk}/",
        f"/admin/meetups/{meetup.pk}/",
        f"/admin/mentors/requests/{wanted.pk}/",
        f"/admin/registrations/{event.translation_key}/",
        f"/admin/registrations/{event.translation_key}/export.csv",
    ):
        assert client.get(url).status_code == 200, url

    viewed, exported = "velkomst.personal_data.view", "velkomst.personal_data.export"
    site_id = str(site.pk)
    assert entries() == [
        (viewed, editor.pk, site_id, "new_in_our_area", "", 1),
        (viewed, coordinator.pk, site_id, "enquiry", str(enquiry.pk), 1),
        (viewed, coordinator.pk, site_id, "meetup", str(meetup.pk), 1),
        (viewed, coordinator.pk, site_id, "mentor_request", str(wanted.pk), 1),
        (viewed, coordinator.pk, site_id, "registrations", "Welcome day", 1),
        (exported, coordinator.pk, site_id, "registrations", "Welcome day", 1),
    ]
    logged = str(list(ModelLogEntry.objects.values("data", "label")))
    assert "lina@example.com" not in logged and "Lina" not in logged

    # the site history report says it in words
    client.force_login(UserFactory(is_superuser=True))
    report = client.get("/admin/reports/site-history/").content.decode()
    assert "Personal data exported: registrations for “Welcome day”, 1 row" in report
    assert "Personal data viewed: New in our area, 1 row" in report
