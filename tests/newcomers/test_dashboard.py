"""The coordinator's dashboard: each panel counts what docs/dashboard.md says over known
activity, with every group of fewer than 5 people hidden (and not to be worked out from a
total); the same figures in the CSV; the same number of queries for 10 newcomers or 100."""

from datetime import timedelta

import pytest
from django.utils import timezone

from directory.models import AssociationSubmission
from events.models import OccurrenceSeats, Registration
from figures.models import Row, Series
from newcomers.admin_dashboard import default_period
from newcomers.dashboard import PANELS, Scope
from newcomers.dashboard.base import pool_keys
from newcomers.models import (
    Claim,
    ContactKind,
    ContactRecord,
    DepartedAccount,
    Enquiry,
    EnquiryStatus,
    Mentor,
    MentorMatch,
    MentorRequest,
)
from newcomers.privacy.erasure import erase
from tests.directory.factories import SubmissionFactory
from tests.events.factories import EventPageFactory
from tests.newcomers.coupon_helpers import make_coupon, make_shop
from tests.newcomers.dashboard_helpers import (
    DASHBOARD,
    consent,
    newcomer,
    newcomers_of,
    read_csv,
)

pytestmark = pytest.mark.django_db

FEWER = "fewer than 5"


def ago(days):
    return timezone.now() - timedelta(days=days)


def known_activity(site, community):
    key = community.translation_key
    # 12 who named a community and allowed its ambassadors: 6 reached within 30 days, 2
    # later, 4 never; one of them withdrew the consent since
    recent = []
    for n, country in enumerate(["DE"] * 7 + ["PL"] * 3 + ["SE"] * 2):
        account = newcomer(site, n, days_ago=60, country=country, community=key)
        consent(account, "ambassador_contact")
        if n < 6:
            consent(account, "community_invitations")
        recent.append(account)
    for n, account in enumerate(recent[:8]):
        ContactRecord.objects.create(
            account=account,
            community_key=key,
            kind=ContactKind.CONTACTED if n % 2 else ContactKind.VISIT,
            happened_at=account.created_at + timedelta(days=10 if n < 6 else 40),
        )
    consent(recent[11], "ambassador_contact", given=False, days_after=20)
    # 12 who signed up 200 days ago, without a profile: 6 with a consent running at 6
    # months, one signed in after them, 4 gone quiet, one withdrew at 100 days
    for n in range(12):
        account = newcomer(
            site, n, days_ago=200, signed_in_after=190 if n == 6 else None, prefix="b"
        )
        if n < 6 or n == 11:
            consent(account, "community_invitations")
        if n == 11:
            consent(account, "community_invitations", given=False, days_after=100)
    # one erased account of 7 months ago, one from before the period
    month = timezone.localdate().replace(day=1)
    seven = (month - timedelta(days=200)).replace(day=1)
    DepartedAccount.objects.create(site=site, signed_up_month=seven, left_month=month)
    consent(newcomer(site, 0, days_ago=400, country="DE", prefix="old"), "ambassador_contact")

    event = EventPageFactory(parent=site.root_page, title="Velkomstdag", registration=True)
    date = ago(10)
    for n, status in enumerate(["confirmed"] * 6 + ["waiting"] * 5 + ["cancelled"]):
        Registration.objects.create(
            event_key=event.translation_key, occurrence=date, name=f"D{n}",
            email=f"d{n}@example.dk", seats=1, language="da", status=status,
            token_hash=f"{n:064d}",
        )  # fmt: skip
    OccurrenceSeats.objects.create(event_key=event.translation_key, start=date, taken=6)

    SubmissionFactory.create_batch(2, site=site, status="pending")
    approved = SubmissionFactory(site=site, status=AssociationSubmission.Status.APPROVED)
    approved.confirmed_at, approved.decided_at = ago(20), ago(17)
    approved.save()

    for topic, answered, waiting, days in (
        ("housing", 5, 2, 2),
        ("work", 6, 0, 1),
        ("tax", 0, 2, 0),
    ):
        for n in range(answered + waiting):
            Enquiry.objects.create(
                site=site, topic=topic, language="en", message="?", email=f"e{n}@example.com",
                created_at=ago(20),
                status=EnquiryStatus.ANSWERED if n < answered else EnquiryStatus.NEW,
                first_answered_at=ago(20 - days) if n < answered else None,
            )  # fmt: skip

    mentor = Mentor.objects.create(
        site=site, name="Mette", email="m@example.dk", industries=["it"], languages=["en"]
    )
    for n, account in enumerate(recent[:6]):
        request = MentorRequest.objects.create(
            site=site, account=account, industry="it", languages=["en"], need="CV",
            status="matched" if n < 5 else "open",
        )  # fmt: skip
        MentorRequest.objects.filter(pk=request.pk).update(created_at=ago(30))
        if n < 5:
            match = MentorMatch.objects.create(mentor=mentor, mentor_request=request)
            MentorMatch.objects.filter(pk=match.pk).update(created_at=ago(26))

    series = Series.objects.create(
        site=site, slug="cohort-departures", title="Hvornår tilflyttere flytter igen",
        label_heading="Tilflyttet i",
        columns=[{"key": k, "da": k} for k in ("cohort_size", "left_in_year", "left_count")],
    )  # fmt: skip
    for year, left in ((2015, 573), (2016, 621), (2017, 389)):
        Row.objects.create(
            series=series, label="2015",
            values={"cohort_size": 3217, "left_in_year": year, "left_count": left},
        )  # fmt: skip
    Row.objects.create(
        series=series, label="2016",
        values={"cohort_size": 3247, "left_in_year": 2016, "left_count": 575},
    )  # fmt: skip


def test_each_panel_counts_the_known_activity_and_hides_small_groups(
    client, home, community, coordinator, english
):
    known_activity(home.get_site(), community)
    client.force_login(coordinator)

    page = client.get(DASHBOARD)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'role="img"' in html and "Retention" in html
    assert "@example.com" not in html  # nothing personal, only numbers
    figures = read_csv(client.get(DASHBOARD, {"format": "csv"}))

    def cell(panel, row, column):
        return figures.get((panel, row, column))

    # 24 accounts and 1 erased; Poland (3) and Sweden (2) pooled as 5
    assert cell("signups", "All who signed up", "Newcomers") == "25"
    assert cell("signups", "Germany", "Newcomers") == "7"
    assert cell("signups", "Not given, or account deleted", "Newcomers") == "13"
    assert cell("signups", "Other countries", "Newcomers") == "5"
    assert not any(row in ("Poland", "Sweden") for _p, row, _c in figures)

    assert cell("ambassador_contact", "Nordborg", "Share reached") == "50.0 %"
    assert cell("ambassador_contact", "Nordborg", "Newcomers") == "12"

    # 11 of 24 give it (13 do not); the 12 inviting (6 + 6, one withdrawn)
    purpose = "Ambassadors of my community may contact me"
    assert cell("consents", purpose, "Newcomers") == "11"
    assert cell("consents", purpose, "Share") == "45.8 %"
    invitations = "Send me invitations from my community for up to two years"
    assert cell("consents", invitations, "Newcomers") == "12"
    assert cell("consents", "Find me a business mentor", "Newcomers") == FEWER

    assert cell("events", "Velkomstdag", "Registrations") == "11"
    assert cell("events", "Velkomstdag", "Seats filled") == "60.0 %"
    assert cell("events", "Velkomstdag", "On a waiting list") == "5"

    assert cell("associations", "New entries waiting", "Associations") == "2"
    assert cell("associations", "Approved in the period", "Median days to approval") == "3.0"

    # 15 enquiries, 11 answered: the 4 unanswered would show, so the share is hidden;
    # tax (2) pooled with work (6) so that "all" minus the rows tells nothing
    assert cell("enquiries", "All enquiries", "Enquiries") == "15"
    assert cell("enquiries", "All enquiries", "Answered") == FEWER
    assert cell("enquiries", "All enquiries", "Median days to first answer") == "1.0"
    assert cell("enquiries", "Housing", "Median days to first answer") == "2.0"
    assert cell("enquiries", "Other topics", "Enquiries") == "8"
    assert cell("enquiries", "Other statuses", "Enquiries") == "15"

    assert cell("mentors", "All requests", "Requests") == "6"
    assert cell("mentors", "Matched with a mentor", "Requests") == FEWER  # 1 unmatched
    assert cell("mentors", "Matched with a mentor", "Median days to a match") == "4.0"

    # 12 accounts of 200 days ago and 1 erased: 6 consenting and 1 signing in kept
    assert cell("retention", "After 6 months", "Signed up that long ago") == "13"
    assert cell("retention", "After 6 months", "Still in touch") == "7"
    assert cell("retention", "After 6 months", "Share") == "53.8 %"
    assert ("retention", "After 24 months: not reached yet", "Share") not in figures
    plan = "Plan: newcomers of 2015, still living here after 3 years"
    assert cell("retention", plan, "Share") == "50.8 %"  # 49.2 % had left
    assert not any("2016" in row for _p, row, _c in figures)  # one year of data only


def test_small_groups_are_pooled_until_the_pool_hides_them():
    assert pool_keys({"DE": 7, "PL": 3, "SE": 2}) == (["DE"], ["PL", "SE"])
    # a pool of 2 would show by subtraction: the next-smallest group joins it
    assert pool_keys({"DE": 7, "PL": 6, "SE": 2}) == (["DE"], ["SE", "PL"])
    assert pool_keys({"DE": 3}) == ([], ["DE"])


def test_the_same_queries_for_ten_newcomers_or_a_hundred(
    client, home, coordinator, django_assert_num_queries
):
    client.force_login(coordinator)
    site = home.get_site()
    client.get(DASHBOARD)  # the admin's caches warm
    # the CSV: the session, the user and their rights (5), the form's sites (3), then one to
    # three aggregate queries per panel (17); the page adds the admin's frame (menu, rights):
    # 14 more
    for volume in (10, 90):
        newcomers_of(site, volume, prefix=f"v{volume}-")
        with django_assert_num_queries(25):
            assert client.get(DASHBOARD, {"format": "csv"}).status_code == 200
        with django_assert_num_queries(39):
            assert client.get(DASHBOARD).status_code == 200


def test_the_period_is_checked(client, home, coordinator, english):
    client.force_login(coordinator)
    bad = client.get(DASHBOARD, {"start": "2026-02-30", "end": "2026-03-01"})
    assert bad.status_code == 200
    assert "Enter a valid date." in bad.content.decode()
    assert 'id="panel-retention"' not in bad.content.decode()
    backwards = client.get(DASHBOARD, {"start": "2026-05-01", "end": "2026-01-01"})
    assert "The end of the period comes before its start." in backwards.content.decode()
    refused = client.get(DASHBOARD, {"start": "2026-05-01", "end": "x", "format": "csv"})
    assert refused["Content-Type"].startswith("text/html")  # no CSV of a bad period either
    fine = client.get(DASHBOARD, {"start": "2025-01-01", "end": "2025-12-31"})
    assert 'id="panel-retention"' in fine.content.decode()


def test_an_erased_account_still_counts_as_signed_up_and_not_retained(client, home, coordinator):
    site = home.get_site()
    accounts = [newcomer(site, n, days_ago=200) for n in range(10)]
    for account in accounts[:5]:
        consent(account, "community_invitations")
    for account in accounts[5:]:
        erase(account)
    [tally] = DepartedAccount.objects.values("signed_up_month", "left_month").distinct()
    assert tally["left_month"] == timezone.localdate().replace(day=1)
    assert DepartedAccount.objects.count() == 5
    start, end = default_period(timezone.localdate())
    scope = Scope(site, start, end, timezone.now())
    tables = {panel.key: panel.table(scope) for panel in PANELS}
    [(_all, [signed_up]), *_origins] = tables["signups"].rows
    assert signed_up.n == 10
    _after_6_months, [due, _kept, share] = tables["retention"].rows[0]
    assert (due.n, share.percent) == (10, 50.0)


def test_a_coordinator_sees_their_municipality_only(
    client, home, aabenraa, make_coordinator, editor, coordinator, english
):
    site = home.get_site()
    for n in range(7):
        newcomer(site, n, days_ago=30)
    for n in range(5):
        newcomer(aabenraa.site, n, days_ago=30, prefix="aab")
    client.force_login(make_coordinator(aabenraa))
    home_page = client.get("/admin/").content.decode()  # the way in, from the admin's home
    assert DASHBOARD in home_page and "Signed up in the last 12 months: 5." in home_page
    for asked in ({}, {"site": site.pk}):
        figures = read_csv(client.get(DASHBOARD, {"format": "csv", **asked}))
        assert figures["signups", "All who signed up", "Newcomers"] == "5"

    client.force_login(coordinator)  # Sønderborg's, asking for Aabenraa's
    figures = read_csv(client.get(DASHBOARD, {"format": "csv", "site": aabenraa.site.pk}))
    assert figures["signups", "All who signed up", "Newcomers"] == "7"

    client.force_login(editor)  # a community's editor: no dashboard, no menu item
    assert client.get(DASHBOARD).status_code == 302
    assert DASHBOARD not in client.get("/admin/").content.decode()


def claims_at(shop, accounts, redeemed):
    coupon = make_coupon(shop, total=len(accounts))
    for n, account in enumerate(accounts):
        claim = Claim.objects.create(coupon=coupon, account=account)
        if n < redeemed:
            Claim.objects.filter(pk=claim.pk).update(redeemed_at=timezone.now())


def test_coupons_claimed_and_redeemed_per_shop_small_shops_pooled(
    client, home, aabenraa, coordinator, english
):
    site = home.get_site()
    accounts = [newcomer(site, n, days_ago=20) for n in range(24)]
    claims_at(make_shop(site, "Kaffebaren"), accounts[:12], redeemed=6)
    claims_at(make_shop(site, "Boghandlen"), accounts[12:19], redeemed=5)
    claims_at(make_shop(site, "Cykelsmeden"), accounts[19:22], redeemed=1)
    claims_at(make_shop(site, "Blomsterbutikken"), accounts[22:24], redeemed=0)
    theirs = [newcomer(aabenraa.site, n, days_ago=20, prefix="aab") for n in range(6)]
    claims_at(make_shop(aabenraa.site, "Aabenraa Is"), theirs, redeemed=6)
    client.force_login(coordinator)

    figures = read_csv(client.get(DASHBOARD, {"format": "csv"}))
    coupons = {
        (row, column): value for (p, row, column), value in figures.items() if p == "coupons"
    }
    not_shown = "not shown (would reveal a small group)"
    assert coupons == {
        # Boghandlen's 5 of 7 redeemed would tell that 2 were not: hidden, and so the total
        ("All shops", "Claimed"): "24",
        ("All shops", "Redeemed"): not_shown,
        ("Kaffebaren", "Claimed"): "12",
        ("Kaffebaren", "Redeemed"): "6",
        ("Boghandlen", "Claimed"): "7",
        ("Boghandlen", "Redeemed"): FEWER,
        # 3 and 2 claims pooled as 5, of which 1 redeemed
        ("Other shops", "Claimed"): "5",
        ("Other shops", "Redeemed"): FEWER,
    }
    assert "Aabenraa Is" not in client.get(DASHBOARD).content.decode()
