"""Demo activity for the coordinator's dashboard (newcomers.dashboard): 480 Sønderborg
newcomers who signed up over the last 30 months, with profiles, consents (some withdrawn
since), their ambassadors' contacts, sign-ins, a tally of erased accounts; 160 enquiries
with answers; 60 mentor requests and their matches; claims of the shops' coupons, half
redeemed; registrations for the welcome days'
past dates; approved association changes. Made with a fixed seed, in bulk; a second run
leaves what exists as it is (it finds the first demo account)."""

import hashlib
import random
from datetime import time, timedelta

from django.utils import timezone

from communities.models import CommunityPage
from directory.models import Association, AssociationSubmission
from events.models import EventPage, OccurrenceSeats, Registration, RegistrationStatus
from events.models.event import JoinMode
from guide.models.contacts import TOPICS
from guide.sites import site_pages_q
from newcomers.consents import _municipality_name, text
from newcomers.models import (
    Account,
    Claim,
    ConsentRecord,
    ContactKind,
    ContactRecord,
    Coupon,
    CouponStatus,
    DepartedAccount,
    Enquiry,
    EnquiryAnswer,
    EnquiryStatus,
    Mentor,
    MentorMatch,
    MentorRequest,
    NewcomerProfile,
)
from newcomers.models.consent import PURPOSES
from newcomers.models.mentor import INDUSTRY_CODES, MentorStatus, RequestStatus

SEED = 2027
NEWCOMERS = 480
MONTHS = 30
ENQUIRIES = 160
MENTOR_REQUESTS = 60
DEPARTED = 45
#: the communities the demo newcomers live in: enough newcomers each to show their share
COMMUNITIES = 6
EMAIL = "dashboard-{:04d}@example.com"
#: names no other demo module uses, so each module's newcomers stay recognisable
FIRST_NAMES = ("Amira", "Bjørn", "Chen", "Dorota", "Emil", "Farah", "Gustav", "Hiroshi", "Ingrid")
#: where they moved from, with weights (a few rare ones: the dashboard pools them)
ORIGINS = (
    ("DE", 30), ("PL", 14), ("RO", 10), ("UA", 9), ("IN", 7), ("SE", 6), ("NL", 5),
    ("US", 4), ("GB", 4), ("ES", 3), ("IT", 3), ("BR", 1), ("JP", 1), ("", 8),
)  # fmt: skip
LANGUAGES = ("da", "en", "de")


def seed(site):
    if Account.objects.filter(site=site, email=EMAIL.format(0)).exists():
        return
    rng = random.Random(SEED)  # noqa: S311  (demo data, the same every time)
    now = timezone.now().replace(microsecond=0)
    communities = list(
        CommunityPage.objects.filter(site_pages_q(site), locale__language_code="da")
        .exclude(slug__endswith="ambassadors")
        .order_by("path")
        .values_list("translation_key", flat=True)[:COMMUNITIES]
    )
    accounts = _accounts(site, rng, now, communities)
    _enquiries(site, rng, now, accounts)
    _mentors(site, rng, now, accounts)
    _registrations(site, rng, now)
    _associations(site, rng, now)
    _coupon_claims(site, rng, now, accounts)
    DepartedAccount.objects.bulk_create(
        DepartedAccount(
            site=site,
            signed_up_month=(signed_up := _month(now - timedelta(days=rng.randint(30, 900)))),
            left_month=max(signed_up, _month(now - timedelta(days=rng.randint(0, 25)))),
        )
        for _n in range(DEPARTED)
    )


def _coupon_claims(site, rng, now, accounts):
    """Claims of the two largest approved coupons over the last 11 months, half redeemed,
    leaving some of each for the demo's visitors."""
    offered = Coupon.objects.filter(shop__site=site, status=CouponStatus.APPROVED)
    for coupon, count in zip(offered.order_by("-total", "pk")[:2], (30, 14), strict=False):
        count = min(count, coupon.total - coupon.claimed_count - 5)
        taken = set(coupon.claims.values_list("account_id", flat=True))
        claimants = rng.sample([a for a in accounts if a.pk not in taken], count)
        claims = Claim.objects.bulk_create(Claim(coupon=coupon, account=a) for a in claimants)
        for n, claim in enumerate(claims):
            claim.claimed_at = now - timedelta(days=rng.uniform(1, 11 * 30.4))
            if n % 2 == 0:
                claim.redeemed_at = min(claim.claimed_at + timedelta(days=rng.uniform(0, 20)), now)
        Claim.objects.bulk_update(claims, ["claimed_at", "redeemed_at"])
        Coupon.objects.filter(pk=coupon.pk).update(claimed_count=coupon.claimed_count + count)


def _month(moment):
    return timezone.localtime(moment).date().replace(day=1)


def _accounts(site, rng, now, communities):
    origins = [code for code, _weight in ORIGINS]
    weights = [weight for _code, weight in ORIGINS]
    accounts = [
        Account(site=site, email=EMAIL.format(n), language=rng.choice(LANGUAGES))
        for n in range(NEWCOMERS)
    ]
    Account.objects.bulk_create(accounts)  # created_at: now (auto_now_add); set below
    for account in accounts:
        account.created_at = now - timedelta(days=rng.uniform(1, MONTHS * 30.4))
        age = now - account.created_at
        # most sign in again in the first weeks; about half still months later
        account.last_sign_in_at = account.created_at + age * rng.choice(
            (0.02, 0.05, 0.1, 0.4, 0.7, 0.9)
        )
    Account.objects.bulk_update(accounts, ["created_at", "last_sign_in_at"])
    profiles = NewcomerProfile.objects.bulk_create(
        NewcomerProfile(
            account=account,
            first_name=rng.choice(FIRST_NAMES),
            moved_from_country=rng.choices(origins, weights)[0],
            community_key=rng.choice(communities) if communities and rng.random() < 0.8 else None,
            community_status="lives",
            moving_date=(account.created_at + timedelta(days=rng.randint(-20, 40))).date(),
        )
        for account in accounts
    )
    name = _municipality_name(accounts[0])
    texts = {
        (purpose, language): text(purpose, language, name)
        for purpose, _label in PURPOSES
        for language in LANGUAGES
    }
    community = {profile.account_id: profile.community_key for profile in profiles}
    consents, contacts = [], []
    chances = {
        "ambassador_contact": 0.7,
        "community_invitations": 0.55,
        "meetup_visibility": 0.3,
        "mentor_matching": 0.15,
    }
    for account in accounts:
        for purpose, chance in chances.items():
            if rng.random() >= chance:
                continue
            version, shown = texts[purpose, account.language]
            record = {
                "account": account,
                "purpose": purpose,
                "text_version": version,
                "text_language": account.language,
                "text_sha256": hashlib.sha256(shown.encode()).hexdigest(),
                "source": "website",
            }
            consents.append(ConsentRecord(given=True, recorded_at=account.created_at, **record))
            age = (now - account.created_at).days
            if age > 60 and rng.random() < 0.3:  # withdrawn since
                withdrawn = account.created_at + timedelta(days=rng.randint(30, age))
                consents.append(ConsentRecord(given=False, recorded_at=withdrawn, **record))
            key = community[account.pk]
            if purpose == "ambassador_contact" and key:
                contacts += _contacts(rng, now, account, key)
    ConsentRecord.objects.bulk_create(consents)
    ContactRecord.objects.bulk_create(contacts)
    return accounts


def _contacts(rng, now, account, key):
    """Most are reached within their 30 days, some later, some not (yet)."""
    roll = rng.random()
    if roll < 0.65:
        days = rng.uniform(1, 28)
    elif roll < 0.85:
        days = rng.uniform(35, 70)
    else:
        return []
    reached = account.created_at + timedelta(days=days)
    if reached > now:
        return []
    records = [
        ContactRecord(
            account=account,
            community_key=key,
            kind=ContactKind.CONTACTED,
            note="Called to say welcome.",
            happened_at=reached,
        )
    ]
    visit = reached + timedelta(days=rng.randint(3, 20))
    if rng.random() < 0.4 and visit < now:
        records.append(
            ContactRecord(
                account=account,
                community_key=key,
                kind=ContactKind.VISIT,
                note="Showed them the community hall.",
                happened_at=visit,
            )
        )
    return records


def _enquiries(site, rng, now, accounts):
    topics = [code for code, _label in TOPICS]
    weights = [12, 10, 6, 9, 11, 8, 6, 5, 7, 4, 1, 1]
    enquiries = []
    for n in range(ENQUIRIES):
        asked = now - timedelta(days=rng.uniform(0.5, 24 * 30.4), hours=rng.randint(0, 8))
        answered = asked + timedelta(hours=rng.uniform(2, 24 * 12))
        account = rng.choice(accounts) if rng.random() < 0.5 else None
        if answered > now or rng.random() < 0.08:
            status, answered = rng.choice((EnquiryStatus.NEW, EnquiryStatus.ASSIGNED)), None
        else:
            status = EnquiryStatus.CLOSED if rng.random() < 0.7 else EnquiryStatus.ANSWERED
        enquiries.append(
            Enquiry(
                site=site,
                topic=rng.choices(topics, weights)[0],
                language=account.language if account else rng.choice(LANGUAGES),
                message="A question about settling in.",
                email=account.email if account else f"dashboard-enquirer-{n}@example.com",
                account=account,
                status=status,
                created_at=asked,
                first_answered_at=answered,
                closed_at=answered + timedelta(days=2) if status == EnquiryStatus.CLOSED else None,
            )
        )
    Enquiry.objects.bulk_create(enquiries)
    EnquiryAnswer.objects.bulk_create(
        EnquiryAnswer(
            enquiry=enquiry,
            text="Thank you for your question; here is what to do.",
            sent_at=enquiry.first_answered_at,
            delivery="sent",
        )
        for enquiry in enquiries
        if enquiry.first_answered_at
    )


def _mentors(site, rng, now, accounts):
    mentors = list(Mentor.objects.filter(site=site, status=MentorStatus.APPROVED))
    if not mentors:
        return
    chosen = rng.sample(accounts, MENTOR_REQUESTS)
    requests = [
        MentorRequest(
            site=site,
            account=account,
            industry=rng.choice(INDUSTRY_CODES),
            languages=["en"],
            need="Help with a CV for the Danish job market.",
        )
        for account in chosen
    ]
    MentorRequest.objects.bulk_create(requests)
    matches = []
    for request in requests:
        request.created_at = now - timedelta(days=rng.uniform(1, 24 * 30.4))
        roll = rng.random()
        matched_at = request.created_at + timedelta(days=rng.uniform(2, 40))
        if roll < 0.65 and matched_at < now:
            request.status = RequestStatus.MATCHED
            # every match has ended (by now at the latest): the mentors' capacity stays free
            # for the mentors demo's own match
            matches.append(
                MentorMatch(
                    mentor=rng.choice(mentors),
                    mentor_request=request,
                    ended_at=min(matched_at + timedelta(days=120), now),
                )
            )
            matches[-1].created_at = matched_at
        elif roll < 0.8:
            request.status = RequestStatus.WITHDRAWN
        else:
            request.status = RequestStatus.OPEN
    MentorRequest.objects.bulk_update(requests, ["created_at", "status"])
    when = {match.mentor_request_id: match.created_at for match in matches}
    MentorMatch.objects.bulk_create(matches)
    for match in matches:
        match.created_at = when[match.mentor_request_id]
    MentorMatch.objects.bulk_update(matches, ["created_at"])


def _registrations(site, rng, now):
    """The welcome days' past dates (one a month for two years, the first Saturday), nearly
    full, the most popular with a waiting list."""
    events = dict(
        EventPage.objects.filter(
            site_pages_q(site), join_mode=JoinMode.REGISTRATION, locale__language_code="da"
        ).values_list("translation_key", "seats")
    )
    registrations, seats, n = [], [], 0
    for key, offered in events.items():
        for months_ago in range(1, 25):
            day = (now - timedelta(days=30.4 * months_ago)).date()
            start = timezone.make_aware(timezone.datetime.combine(day, time(10)))
            wanted = rng.randint(int(offered * 0.5), int(offered * 1.2))
            taken = 0
            while wanted > 0:
                party = min(rng.choice((1, 1, 2, 2, 3)), wanted)
                wanted -= party
                confirmed = taken + party <= offered
                taken += party if confirmed else 0
                status = (
                    RegistrationStatus.CANCELLED
                    if rng.random() < 0.05
                    else RegistrationStatus.CONFIRMED
                    if confirmed
                    else RegistrationStatus.WAITING
                )
                if status == RegistrationStatus.CANCELLED and confirmed:
                    taken -= party
                registrations.append(
                    Registration(
                        event_key=key,
                        occurrence=start,
                        name=f"Deltager {n}",
                        email=f"dashboard-registration-{n}@example.com",
                        seats=party,
                        language="da",
                        status=status,
                        token_hash=hashlib.sha256(f"{EMAIL}-{n}".encode()).hexdigest(),
                        confirmed_at=start - timedelta(days=7) if confirmed else None,
                    )
                )
                n += 1
            seats.append(OccurrenceSeats(event_key=key, start=start, taken=taken))
    Registration.objects.bulk_create(registrations)
    OccurrenceSeats.objects.bulk_create(seats, ignore_conflicts=True)


def _associations(site, rng, now):
    """Changes to published entries, approved within days or weeks of their confirmation."""
    changed = []
    for association in Association.objects.filter(site=site).order_by("pk")[:24]:
        confirmed = now - timedelta(days=rng.uniform(5, 400))
        changed.append(
            AssociationSubmission(
                site=site,
                association=association,
                data={"name": association.name},
                email="dashboard-association@example.com",
                status=AssociationSubmission.Status.APPROVED,
                confirmed_at=confirmed,
                decided_at=confirmed + timedelta(days=rng.uniform(0.5, 21)),
            )
        )
    AssociationSubmission.objects.bulk_create(changed)
