"""The coordinator looks after their municipality's meet-ups in the admin: the reported ones
first, hidden and shown again with who and when in the audit log; another municipality's are
out of reach."""

import pytest
from wagtail.models import ModelLogEntry

from newcomers.models import Meetup, MeetupReport
from tests.newcomers.helpers import AABENRAA
from tests.newcomers.meetup_helpers import URL, newcomer, post

pytestmark = pytest.mark.django_db


def test_the_coordinator_hides_a_reported_meetup_of_their_municipality_only(
    client, home, aabenraa, make_coordinator, editor, settings, english
):
    settings.NEWCOMER_SIGN_IN_RATE = "1000/hour"
    ana = newcomer(client, "ana@example.com", "Ana")
    ben = newcomer(client, "ben@example.com")
    calm = post(client, ana, title="Walk by the harbour").json()["id"]
    pk = post(client, ana, title="Cheap tickets, write me").json()["id"]
    client.post(
        f"{URL}{pk}/report/", {"reason": "Selling tickets"}, content_type="application/json", **ben
    )
    ole = newcomer(client, "ole@example.com", host=AABENRAA)
    elsewhere = post(client, ole, title="Aabenraa only").json()["id"]

    client.force_login(editor)  # a community editor: not theirs to look after
    assert client.get("/admin/meetups/").status_code in (302, 403)
    assert client.post(f"/admin/meetups/{pk}/", {"hide": "1"}).status_code in (302, 403)
    assert Meetup.objects.get(pk=pk).hidden_at is None

    sonderborg = make_coordinator(home.get_site().municipality)
    client.force_login(sonderborg)
    listing = client.get("/admin/meetups/")
    assert listing.status_code == 200
    titles = [m.title for m in listing.context["meetups"]]
    assert titles == ["Cheap tickets, write me", "Walk by the harbour"]  # reported first
    reported = client.get("/admin/meetups/", {"reported": "1"}).context["meetups"]
    assert [m.pk for m in reported] == [pk]
    review = client.get(f"/admin/meetups/{pk}/")
    assert b"Selling tickets" in review.content
    assert client.get(f"/admin/meetups/{elsewhere}/").status_code == 404
    assert client.post(f"/admin/meetups/{elsewhere}/", {"hide": "1"}).status_code == 404

    assert client.post(f"/admin/meetups/{pk}/", {"hide": "1"}).status_code == 302
    hidden = Meetup.objects.get(pk=pk)
    assert hidden.hidden_at is not None and hidden.hidden_by == sonderborg
    assert MeetupReport.objects.get().resolved_by == sonderborg
    assert ModelLogEntry.objects.get(action="newcomers.meetup.hide").user == sonderborg
    assert [m["id"] for m in client.get(URL, **ben).json()["items"]] == [calm]
    assert client.get(f"{URL}{pk}/", **ana).status_code == 404

    client.post(f"/admin/meetups/{pk}/", {"unhide": "1"})
    assert Meetup.objects.get(pk=pk).hidden_at is None
    assert ModelLogEntry.objects.filter(action="newcomers.meetup.unhide").count() == 1
    assert client.get(f"{URL}{pk}/", **ben).status_code == 200

    client.force_login(make_coordinator(aabenraa))
    assert [m.pk for m in client.get("/admin/meetups/").context["meetups"]] == [elsewhere]
    assert client.get(f"/admin/meetups/{pk}/").status_code == 404
    assert client.post(f"/admin/meetups/{pk}/", {"hide": "1"}).status_code == 404
    assert Meetup.objects.filter(hidden_at__isnull=False).count() == 0


def test_the_coordinators_hear_of_a_meetups_first_report(
    client, home, aabenraa, make_coordinator, settings, mailoutbox
):
    settings.NEWCOMER_SIGN_IN_RATE = "1000/hour"
    mine = make_coordinator(home.get_site().municipality, email="karen@example.dk")
    make_coordinator(aabenraa, email="aabenraa@example.dk")
    ana = newcomer(client, "ana@example.com", "Ana")
    ben = newcomer(client, "ben@example.com")
    eva = newcomer(client, "eva@example.com")
    pk = post(client, ana, title="Cheap tickets, write me").json()["id"]

    def report(auth, reason):
        mailoutbox.clear()
        response = client.post(
            f"{URL}{pk}/report/", {"reason": reason}, content_type="application/json", **auth
        )
        assert response.status_code == 201

    report(ben, "Selling tickets")
    [notice] = mailoutbox
    assert notice.to == [mine.email]
    assert "Selling tickets" in notice.body and f"/admin/meetups/{pk}/" in notice.body
    assert "ben@example.com" not in notice.body  # not who reported it
    report(eva, "Spam")
    assert mailoutbox == []  # while the first report is open, no second mail
