"""Business mentors: a volunteer registers and a coordinator approves them; a newcomer who
consents asks for a mentor; the coordinator picks one of the suggested mentors, and both
are introduced by e-mail, each in their language."""

import pytest
from django.core import mail

from newcomers.models import Mentor, MentorMatch, MentorRequest
from newcomers.models.mentor import MentorStatus, RequestStatus
from tests.frontend_api.test_schema_strict import validate
from tests.newcomers.helpers import AABENRAA, sign_in
from tests.newcomers.mentor_helpers import ask, match, mentor, register, request_of
from tests.newcomers.test_consents import give

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "overrides, fields",
    [
        ({"name": "", "email": "not-an-address"}, {"name", "email"}),
        ({"industries": ["it", "astrology"], "capacity": 6}, {"industries", "capacity"}),
        ({"languages": [], "consent": False}, {"languages", "consent"}),
        ({"capacity": 0, "salary": 100}, {"capacity", "salary"}),
    ],
)
def test_a_bad_registration_is_a_400_naming_each_field_and_writes_nothing(
    client, home, overrides, fields
):
    response = register(client, **overrides)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == fields
    validate(response)
    assert not Mentor.objects.exists()
    assert not mail.outbox


def test_a_mentor_registers_is_announced_and_approved_then_paused(
    client, home, coordinator, settings, english
):
    coordinator.email = "coordinator@example.com"
    coordinator.save()
    response = register(client, languages=["da", "en", "da"])
    assert response.status_code == 201
    validate(response)
    assert response["Cache-Control"] == "private, no-store"
    mentor_row = Mentor.objects.get()
    assert mentor_row.site == home.get_site()
    assert (mentor_row.status, mentor_row.languages) == (MentorStatus.PENDING, ["da", "en"])
    (announcement,) = mail.outbox
    assert announcement.to == ["coordinator@example.com"]
    assert "Mette Holm" in announcement.subject
    assert "/admin/mentors/" in announcement.body

    client.force_login(coordinator)
    assert "Business mentors" in client.get("/admin/").content.decode()  # the menu
    listing = client.get("/admin/mentors/")
    assert listing.status_code == 200
    assert b"Mette Holm" in listing.content
    assert client.post("/admin/mentors/", {"mentor": mentor_row.pk, "action": "approve"})
    mentor_row.refresh_from_db()
    assert (mentor_row.status, mentor_row.approved_by) == (MentorStatus.APPROVED, coordinator)
    assert mentor_row.approved_at is not None
    client.post("/admin/mentors/", {"mentor": mentor_row.pk, "action": "pause"})
    mentor_row.refresh_from_db()
    assert mentor_row.status == MentorStatus.PAUSED

    settings.MENTOR_REGISTRATION_RATE = "1/hour"
    too_many = register(client, email="other@example.com")
    assert too_many.status_code == 429
    assert "Retry-After" in too_many
    assert Mentor.objects.count() == 1


def test_a_newcomer_asks_with_consent_sees_only_their_own_and_withdraws(
    client, home, aabenraa, django_assert_num_queries, english
):
    ana = sign_in(client, email="ana@example.com")
    refused = ask(client, ana)
    assert refused.status_code == 403
    assert "consent" in refused.json()["message"]
    validate(refused)

    give(client, ana, "mentor_matching")
    asked = ask(client, ana, languages=["en", "pt", "en"])
    assert asked.status_code == 201, asked.content
    validate(asked)
    first = asked.json()
    assert (first["status"], first["languages"]) == ("open", ["en", "pt"])
    assert ask(client, ana).status_code == 409  # one open request at a time
    bad = ask(client, ana, industry="astrology", need="")
    assert (bad.status_code, set(bad.json()["errors"])) == (400, {"industry", "need"})

    # another newcomer, and Ana's address at another municipality, reach none of it
    bo = sign_in(client, email="bo@example.com")
    assert client.get("/api/v2/mentors/requests/", **bo).json() == {"items": []}
    gone = client.delete(f"/api/v2/mentors/requests/{first['id']}/", **bo)
    assert gone.status_code == 404
    elsewhere = sign_in(client, email="ana@example.com", host=AABENRAA)
    assert client.get("/api/v2/mentors/requests/", **elsewhere).json() == {"items": []}
    assert (
        client.get("/api/v2/mentors/requests/", **{**ana, "HTTP_HOST": AABENRAA}).status_code == 401
    )
    assert client.delete("/api/v2/mentors/requests/x/", **ana).status_code == 404

    # the host's site, the session, the requests
    with django_assert_num_queries(3):
        listing = client.get("/api/v2/mentors/requests/", **ana)
    validate(listing)
    assert listing["Cache-Control"] == "private, no-store"
    assert [item["id"] for item in listing.json()["items"]] == [first["id"]]

    assert client.delete(f"/api/v2/mentors/requests/{first['id']}/", **ana).status_code == 204
    again = client.delete(f"/api/v2/mentors/requests/{first['id']}/", **ana)
    assert again.status_code == 409
    second = ask(client, ana).json()
    statuses = [
        item["status"] for item in client.get("/api/v2/mentors/requests/", **ana).json()["items"]
    ]
    assert statuses == ["open", "withdrawn"]

    # withdrawing the consent closes the open request: no coordinator may pass it on
    give(client, ana, "mentor_matching", given=False)
    assert MentorRequest.objects.get(pk=second["id"]).status == RequestStatus.CLOSED
    assert ask(client, ana).status_code == 403


def test_suggestions_rank_the_industry_then_languages_in_common(
    home, aabenraa, client, coordinator
):
    site = home.get_site()
    wanted = request_of(site, "ana@example.com", industry="it", languages=["en", "pt", "da"])
    mentor(site, "Anne Industry", industries=["it"], languages=["de"])
    mentor(site, "Bent Both", industries=["finance", "it"], languages=["en", "pt"])
    mentor(site, "Carl Languages", industries=["health"], languages=["en", "pt", "da"])
    mentor(site, "Dorte Nothing", industries=["health"], languages=["fr"], capacity=3)
    mentor(site, "Erik Pending", status=MentorStatus.PENDING, languages=["en"])
    mentor(site, "Frida Paused", status=MentorStatus.PAUSED, languages=["en"])
    full = mentor(site, "Gitte Full", languages=["en", "pt", "da"])
    taken = request_of(site, "x@example.com", status=RequestStatus.MATCHED)
    MentorMatch.objects.create(mentor=full, mentor_request=taken)
    mentor(aabenraa.site, "Hans Aabenraa", languages=["en", "pt", "da"])

    client.force_login(coordinator)
    page = client.get(f"/admin/mentors/requests/{wanted.pk}/")
    assert page.status_code == 200
    ranked = [(m.name, m.score) for m in page.context["suggestions"]]
    assert ranked == [
        ("Bent Both", 12),
        ("Anne Industry", 10),
        ("Carl Languages", 3),
        ("Dorte Nothing", 0),
    ]
    assert b"Gitte Full" not in page.content and b"Hans Aabenraa" not in page.content
    listing = client.get("/admin/mentors/requests/")
    assert [r.pk for r in listing.context["requests"]] == [wanted.pk]  # the matched one is not open


def test_a_match_introduces_both_in_their_language_and_keeps_the_capacity(
    home, client, coordinator, english
):
    site = home.get_site()
    mette = mentor(
        site, "Mette Holm", language="de", capacity=2, phone="+45 11 22 33 44", about="CTO."
    )
    ana = request_of(
        site,
        "ana@example.com",
        first_name="Ana Sousa",
        language="en",
        need="A first job as a developer.",
    )
    bo = request_of(site, "bo@example.com", first_name="Bo", language="da")
    cy = request_of(site, "cy@example.com", first_name="Cy", language="en")
    client.force_login(coordinator)

    response = match(client, ana, mette)
    assert response.status_code == 302
    found = MentorMatch.objects.get()
    assert (found.mentor, found.mentor_request, found.created_by) == (mette, ana, coordinator)
    ana.refresh_from_db()
    assert ana.status == RequestStatus.MATCHED
    to_newcomer, to_mentor = mail.outbox
    assert to_newcomer.to == ["ana@example.com"]
    assert to_newcomer.extra_headers["Content-Language"] == "en"
    assert "Mette" in to_newcomer.subject and "Holm" not in to_newcomer.body
    assert "mette@example.com" in to_newcomer.body and "+45 11 22 33 44" in to_newcomer.body
    assert "Ana" in to_newcomer.body
    assert to_mentor.to == ["mette@example.com"]
    assert to_mentor.extra_headers["Content-Language"] == "de"
    assert "Ana" in to_mentor.subject and "Sousa" not in to_mentor.body
    assert "ana@example.com" in to_mentor.body and "A first job as a developer." in to_mentor.body

    again = match(client, ana, mette)  # a request is matched once
    assert again.status_code == 409
    assert match(client, bo, mette).status_code == 302
    full = match(client, cy, mette)
    assert full.status_code == 409
    assert "no room" in str(list(full.context["messages"])[-1])
    assert MentorMatch.objects.filter(mentor=mette).count() == 2
    cy.refresh_from_db()
    assert cy.status == RequestStatus.OPEN
    assert client.get(f"/admin/mentors/requests/{cy.pk}/").context["suggestions"] == []
    assert len(mail.outbox) == 4

    # the first match ends: the mentor has room again
    ending = {"match": found.pk, "action": "end"}
    assert client.post("/admin/mentors/", ending).status_code == 302
    assert client.post("/admin/mentors/", ending).status_code == 404  # ended already
    ana.refresh_from_db()
    assert ana.status == RequestStatus.CLOSED
    assert match(client, cy, mette).status_code == 302


def test_a_coordinator_reaches_only_their_municipality(
    home, aabenraa, client, make_coordinator, editor
):
    site = home.get_site()
    mette = mentor(site, "Mette Holm", status=MentorStatus.PENDING)
    ana = request_of(site, "ana@example.com")
    theirs = make_coordinator(aabenraa)
    client.force_login(theirs)
    assert b"Mette Holm" not in client.get("/admin/mentors/").content
    assert (
        client.post("/admin/mentors/", {"mentor": mette.pk, "action": "approve"}).status_code == 404
    )
    assert client.get("/admin/mentors/requests/").context["requests"].count() == 0
    assert client.get(f"/admin/mentors/requests/{ana.pk}/").status_code == 404
    theirs_to_end = MentorMatch.objects.create(
        mentor=mentor(site, "Ole Holm"), mentor_request=request_of(site, "o@example.com")
    )
    ending = {"match": theirs_to_end.pk, "action": "end"}
    assert client.post("/admin/mentors/", ending).status_code == 404
    # an Aabenraa mentor cannot be matched to a Sønderborg request either
    hans = mentor(aabenraa.site, "Hans Aabenraa")
    assert match(client, ana, hans).status_code == 404
    client.force_login(editor)  # an editor of a community is no coordinator
    assert client.get("/admin/mentors/").status_code == 302
    assert "Business mentors" not in client.get("/admin/").content.decode()
    assert list(MentorMatch.objects.all()) == [theirs_to_end]
    theirs_to_end.refresh_from_db()
    assert theirs_to_end.ended_at is None
    mette.refresh_from_db()
    assert mette.status == MentorStatus.PENDING
