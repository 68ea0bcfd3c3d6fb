"""Meet-ups under /api/v2/meetups/: newcomers of one municipality post a plan, others join
and share a contact with the poster; only signed-in newcomers of that municipality see them,
never through a cache, and never by guessing an id."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cms.demo import newcomers_meetups
from newcomers.models import Account, Meetup, MeetupParticipant, MeetupReport
from newcomers.models.meetup import expired_meetups
from tests.newcomers.helpers import AABENRAA
from tests.newcomers.meetup_helpers import URL, body, give_visibility, join, newcomer, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rates(settings):
    settings.NEWCOMER_SIGN_IN_RATE = "1000/hour"
    settings.NEWCOMER_REDEEM_RATE = "1000/hour"


def routes(pk):
    """Every route of one meet-up: (method, path, body)."""
    return [
        ("get", f"{URL}{pk}/", None),
        ("delete", f"{URL}{pk}/", None),
        ("post", f"{URL}{pk}/join/", {"shared_contact": "x"}),
        ("delete", f"{URL}{pk}/join/", None),
        ("post", f"{URL}{pk}/report/", {"reason": "spam"}),
    ]


def call(client, method, path, data, auth):
    if data is None:
        return getattr(client, method)(path, **auth)
    return getattr(client, method)(path, data, content_type="application/json", **auth)


def test_posting_needs_the_consent_and_bad_input_is_named(client, home, english):
    for method, path, data in [("get", URL, None), ("post", URL, body()), *routes(1)]:
        response = call(client, method, path, data, {})
        assert response.status_code == 401, (method, path)

    ana = newcomer(client, "ana@example.com", consent=False)
    refused = post(client, ana)
    assert refused.status_code == 403
    assert "meetup_visibility" in refused.json()["message"]

    give_visibility(client, ana)
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    bad = post(
        client,
        ana,
        title=" ",
        starts_at=past,
        max_people=51,
        language="xx",
        link="javascript:alert(1)",
        event=999999,
        colour="red",
    )
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert set(errors) == {
        "title",
        "starts_at",
        "max_people",
        "language",
        "link",
        "event",
        "colour",
    }
    assert errors["starts_at"] == ["The meet-up must start in the future."]
    assert post(client, ana, max_people=1).json()["errors"]["max_people"]
    assert not Meetup.objects.exists()  # nothing half-written

    created = post(client, ana, description="")
    assert created.status_code == 201, created.content
    assert created["Cache-Control"] == "private, no-store"
    meetup = created.json()
    assert meetup["is_mine"] and meetup["shown_to_others"] and not meetup["joined"]
    assert (meetup["participant_count"], meetup["places_left"], meetup["full"]) == (0, 3, False)
    assert meetup["participants"] == []


def test_newcomers_find_join_and_leave_a_meetup(client, home, english):
    ana = newcomer(client, "ana@example.com", "Ana")
    ben = newcomer(client, "ben@example.com", "Ben", consent=False)  # joining needs no consent
    cai = newcomer(client, "cai@example.com", "Cai")
    dan = newcomer(client, "dan@example.com", "Dan")
    pk = post(client, ana, max_people=3).json()["id"]
    Meetup.objects.create(  # begun: no longer listed
        poster=Meetup.objects.get().poster,
        title="Yesterday's walk",
        starts_at=timezone.now() - timedelta(minutes=1),
        place="Havnen",
        language="da",
        max_people=5,
    )

    listing = client.get(URL, **ben)
    assert listing.status_code == 200
    assert listing["Cache-Control"] == "private, no-store"
    assert "X-Cache" not in listing  # never through the response cache
    found = listing.json()
    assert found["meta"]["total_count"] == 1
    [item] = found["items"]
    assert (item["id"], item["poster_first_name"], item["is_mine"], item["joined"]) == (
        pk,
        "Ana",
        False,
        False,
    )
    assert item["participants"] is None

    joined = join(client, ben, pk, "ben@example.com")
    assert joined.status_code == 201
    assert joined.json()["meetup"]["joined"] is True
    again = join(client, ben, pk, "+45 11 22 33 44")  # changes what Ben shares
    assert again.status_code == 200
    assert join(client, cai, pk).status_code == 201
    full = join(client, dan, pk)
    assert full.status_code == 409
    assert full.json()["message"] == "This meet-up is full."
    assert join(client, ana, pk).status_code == 409  # the poster is in it already

    seen_by_dan = client.get(URL, **dan).json()["items"][0]
    assert (seen_by_dan["full"], seen_by_dan["places_left"]) == (True, 0)  # shown, marked full
    assert client.get(f"{URL}{pk}/", **ben).json()["participants"] is None
    poster_view = client.get(f"{URL}{pk}/", **ana).json()
    assert [(p["first_name"], p["shared_contact"]) for p in poster_view["participants"]] == [
        ("Ben", "+45 11 22 33 44"),
        ("Cai", "+45 12 34 56 78"),
    ]
    assert client.get(URL, {"mine": "true"}, **cai).json()["meta"]["total_count"] == 1
    assert client.get(URL, {"mine": "true"}, **dan).json()["meta"]["total_count"] == 0

    assert client.delete(f"{URL}{pk}/join/", **cai).status_code == 204
    assert client.delete(f"{URL}{pk}/join/", **cai).status_code == 204  # once is enough
    assert Meetup.objects.get(pk=pk).participant_count == 1
    assert join(client, dan, pk).status_code == 201  # Cai's place is free again

    give_visibility(client, ana, given=False)  # Ana no longer shows her posts
    assert client.get(URL, **dan).json()["meta"]["total_count"] == 0
    assert client.get(f"{URL}{pk}/", **ben).status_code == 404
    mine = client.get(URL, **ana).json()["items"]
    assert [(m["id"], m["shown_to_others"]) for m in mine] == [(pk, False)]
    give_visibility(client, ana)

    assert client.delete(f"{URL}{pk}/", **ben).status_code == 403  # not his to cancel
    mail.outbox.clear()
    assert client.delete(f"{URL}{pk}/", **ana).status_code == 204
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ben@example.com",
        "dan@example.com",
    ]
    assert "cancelled" in mail.outbox[0].subject
    for auth in (ana, ben):
        assert client.get(f"{URL}{pk}/", **auth).status_code == 404
        assert client.get(URL, **auth).json()["meta"]["total_count"] == 0

    now = timezone.now()
    assert set(expired_meetups(now + timedelta(days=34))) == set(Meetup.objects.all())
    assert list(expired_meetups(now + timedelta(days=30, hours=1))) == [
        Meetup.objects.get(place="Havnen")
    ]


def test_the_listing_takes_the_same_queries_however_long(client, home, django_assert_num_queries):
    ana = newcomer(client, "ana@example.com", "Ana")
    ben = newcomer(client, "ben@example.com")
    for n in range(3):
        pk = post(client, ana, title=f"Trip {n}").json()["id"]
    join(client, ben, pk)
    newcomer(client, "cai@example.com")  # (without a profile)
    for n in range(3):
        post(client, newcomer(client, f"p{n}@example.com"), title=f"Concert {n}")

    # the host's site, the session with its account, the count, the page
    with django_assert_num_queries(4):
        response = client.get(URL, **ben)
    items = response.json()["items"]
    assert len(items) == 6
    assert [item["joined"] for item in items].count(True) == 1


def test_no_meetup_is_reached_by_its_id_from_elsewhere(client, home, aabenraa, english):
    ana = newcomer(client, "ana@example.com")
    ben = newcomer(client, "ben@example.com")
    pk = post(client, ana).json()["id"]
    hidden = post(client, ana, title="Hidden").json()["id"]
    Meetup.objects.filter(pk=hidden).update(hidden_at=timezone.now())
    ole = newcomer(client, "ole@example.com", host=AABENRAA)
    assert client.get(URL, **ole).json()["meta"]["total_count"] == 0
    ole_pk = post(client, ole).json()["id"]
    assert [m["id"] for m in client.get(URL, **ben).json()["items"]] == [pk]

    guesses = [(ole, routes(pk)), (ben, routes(ole_pk)), (ben, routes(2**63))]
    for auth, tried in guesses:
        for method, path, data in tried:
            assert call(client, method, path, data, auth).status_code == 404, (method, path)
    for auth in (ana, ben):  # hidden: for the poster too
        for method, path, data in routes(hidden):
            assert call(client, method, path, data, auth).status_code == 404, (method, path)
    # a session of one municipality is refused at the other's host
    assert client.get(URL, **{**ole, "HTTP_HOST": "localhost"}).status_code == 401
    assert Meetup.objects.filter(cancelled_at__isnull=False).count() == 0
    assert not MeetupParticipant.objects.exists() and not MeetupReport.objects.exists()


def test_reports_and_posts_are_rate_limited(client, home, settings, english):
    settings.MEETUP_REPORT_RATE = "2/day"
    settings.MEETUP_POST_RATE = "3/day"
    ana = newcomer(client, "ana@example.com")
    ben = newcomer(client, "ben@example.com", consent=False)
    pk = post(client, ana).json()["id"]
    path = f"{URL}{pk}/report/"

    empty = client.post(path, {"reason": ""}, content_type="application/json", **ben)
    assert empty.status_code == 400 and "reason" in empty.json()["errors"]
    reported = client.post(
        path, {"reason": "Selling tickets"}, content_type="application/json", **ben
    )
    assert reported.status_code == 201
    report = MeetupReport.objects.get()
    assert (report.reason, report.reporter.email, report.resolved_at) == (
        "Selling tickets",
        "ben@example.com",
        None,
    )
    limited = client.post(path, {"reason": "again"}, content_type="application/json", **ben)
    assert limited.status_code == 429 and limited["Retry-After"]

    assert [post(client, ana).status_code for _n in range(3)] == [201, 201, 429]
    assert Meetup.objects.count() == 3


def test_the_demo_seeds_meetups_once(home):
    site = home.get_site()
    newcomers_meetups.seed(site)
    newcomers_meetups.seed(site)
    assert Meetup.objects.count() == 3
    assert MeetupParticipant.objects.count() == 2 and MeetupReport.objects.count() == 1
    concert = Meetup.objects.get(participant_count=2)
    assert concert.poster.email == "ana@example.com"
    ana = Account.objects.get(email="ana@example.com")
    assert set(Meetup.objects.visible_to(ana, timezone.now())) == set(Meetup.objects.all())
