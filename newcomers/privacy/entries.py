"""What the service holds about people, model by model (the register: newcomers.privacy.register).

A new model with personal data adds one `register(...)` call here (or `not_personal(...)`
when a name-like field is not about a person)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django_tasks import TaskResultStatus

from communities.models import Ambassador, CommunityPage, TrialHomePage
from directory.models import Association, AssociationSubmission
from events.models import EventPage, Registration
from events.models.registration import RegistrationStatus
from guide import mail
from guide.models import Contact, StoryPage
from guide.sites import site_pages_q
from newcomers.models import (
    PURPOSES,
    Account,
    AccountSession,
    Claim,
    ConsentRecord,
    ContactRecord,
    Delivery,
    DigestSent,
    Enquiry,
    EnquiryAnswer,
    InvitationOptOut,
    Meetup,
    MeetupParticipant,
    MeetupReport,
    Mentor,
    MentorMatch,
    MentorRequest,
    NewcomerProfile,
    PushSubscription,
    SignInLink,
)
from newcomers.models.meetup import expired_meetups
from newcomers.privacy.register import (
    CONSENT,
    CONTRACT,
    LEGITIMATE_INTEREST,
    PUBLIC_TASK,
    Retention,
    not_personal,
    register,
)

#: an account nobody signed in to for this long, with no consent given, is erased
INACTIVE_ACCOUNT = timedelta(days=730)
SIGN_IN_LINK_KEPT = timedelta(days=1)
UNCONFIRMED_SUBMISSION_KEPT = timedelta(days=30)
DECIDED_SUBMISSION_KEPT = timedelta(days=365)


def of_account(model):
    """The rows of `model` whose `account` is the newcomer's."""
    return lambda account: model.objects.filter(account=account)


# --- newcomers ---


def _erase_inactive_accounts(now):
    from newcomers.privacy.erasure import erase  # erasure walks this register

    consenting = Q()
    for purpose, _label in PURPOSES:
        consenting |= Q(pk__in=Account.objects.consenting(purpose).values("pk"))
    inactive = (
        Account.objects.alias(active_at=Coalesce("last_sign_in_at", "created_at"))
        .filter(active_at__lt=now - INACTIVE_ACCOUNT)
        .exclude(consenting)
    )
    erased = 0
    for account in inactive.select_related("site"):
        erase(account)
        erased += 1
    return erased


register(
    Account,
    section="account",
    purpose="Signing a newcomer in with their e-mail address, and the language they read.",
    legal_basis=CONTRACT,
    retention=Retention(
        "Until the newcomer deletes it (`DELETE /api/v2/me/`); erased with everything about "
        "them after 24 months without a sign-in when no consent is given.",
        _erase_inactive_accounts,
    ),
    personal_fields=["email", "language", "created_at", "last_sign_in_at"],
    subject=lambda account: Account.objects.filter(pk=account.pk),
    erase="delete",
    erase_order=100,  # last: its rows cascade
)
register(
    NewcomerProfile,
    section="profile",
    purpose="Showing a newcomer what fits them: their community, household, interests and "
    "moving date.",
    legal_basis=CONTRACT,
    retention=Retention("With the account."),
    personal_fields=[
        "first_name",
        "moved_from_country",
        "household",
        "community_key",
        "community_status",
        "interests",
        "moving_date",
    ],
    subject=of_account(NewcomerProfile),
)
register(
    ConsentRecord,
    section="consents",
    purpose="Proof of each consent given or withdrawn: the text's version, language and "
    "hash, the source and the time (the whole history).",
    legal_basis="a legal obligation to prove consent (art. 6(1)(c), art. 7(1))",
    retention=Retention("With the account."),
    personal_fields=["purpose", "given", "recorded_at"],
    subject=of_account(ConsentRecord),
)
register(
    SignInLink,
    section="sign_in_links",
    purpose="Sending a one-time sign-in link, and limiting how many an address gets.",
    legal_basis=CONTRACT,
    retention=Retention(
        "Deleted a day after it was asked for, used or not.",
        lambda now: SignInLink.objects.filter(created_at__lt=now - SIGN_IN_LINK_KEPT).delete()[0],
    ),
    personal_fields=["email", "language", "created_at", "used_at"],
    subject=lambda account: SignInLink.objects.filter(site=account.site_id, email=account.email),
)
register(
    AccountSession,
    section="sessions",
    purpose="Keeping a newcomer signed in on a device.",
    legal_basis=CONTRACT,
    retention=Retention(
        "Deleted once it has expired (NEWCOMER_SESSION_DAYS) or was signed out of.",
        lambda now: AccountSession.objects.filter(
            Q(expires_at__lt=now) | Q(revoked_at__isnull=False)
        ).delete()[0],
    ),
    personal_fields=["created_at", "expires_at", "revoked_at"],
    subject=of_account(AccountSession),
)


# --- events ---


def _registrations(account):
    """Registrations with the account's address for events of the account's municipality."""
    events = EventPage.objects.filter(site_pages_q(account.site)).values("translation_key")
    return Registration.objects.filter(email__iexact=account.email, event_key__in=events)


def _erase_registrations(rows):
    """Confirmed seats stay taken (the organiser counts on them), without name or address;
    a place on the waiting list or a cancelled registration holds nothing worth keeping."""
    deleted = rows.exclude(status=RegistrationStatus.CONFIRMED).delete()[0]
    return deleted + rows.update(name="", email="")


register(
    Registration,
    section="event_registrations",
    purpose="Seats at an event and its waiting list; e-mails about the registration.",
    legal_basis=CONTRACT,
    retention=Retention(
        "Deleted REGISTRATION_RETENTION_DAYS (30) days after the event's date, also by "
        "`manage.py purge_registrations`. On erasure, confirmed seats are kept without name "
        "and e-mail address; other registrations are deleted.",
        lambda now: Registration.objects.filter(
            occurrence__lt=now - timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
        ).delete()[0],
    ),
    personal_fields=["name", "email", "language", "consent"],
    subject=_registrations,
    erase=_erase_registrations,
)


# --- directory ---


def _submissions_due(now):
    unconfirmed = AssociationSubmission.objects.filter(
        status=AssociationSubmission.Status.UNCONFIRMED,
        created_at__lt=now - UNCONFIRMED_SUBMISSION_KEPT,
    ).delete()[0]
    decided = AssociationSubmission.objects.filter(
        decided_at__lt=now - DECIDED_SUBMISSION_KEPT
    ).exclude(email="")
    return unconfirmed + decided.update(email="")


def _erase_submissions(rows):
    """A decided proposal stays (the entry's history) without its submitter's address;
    one not decided yet goes."""
    decided = (AssociationSubmission.Status.APPROVED, AssociationSubmission.Status.REJECTED)
    deleted = rows.exclude(status__in=decided).delete()[0]
    return deleted + rows.update(email="")


register(
    AssociationSubmission,
    section="association_submissions",
    purpose="An association's proposed entry or change, and its submitter's address for "
    "confirming it and telling them the decision.",
    legal_basis=CONTRACT,
    retention=Retention(
        "Unconfirmed proposals are deleted after 30 days; the submitter's address of a "
        "decided one is removed a year after the decision.",
        _submissions_due,
    ),
    personal_fields=["email", "language", "data", "reason"],
    subject=lambda account: AssociationSubmission.objects.filter(
        site=account.site_id, email__iexact=account.email
    ),
    erase=_erase_submissions,
)
register(
    Association,
    purpose="The public directory of associations: an association's contact address and "
    "phone, which may be a person's.",
    legal_basis=PUBLIC_TASK,
    retention=Retention(
        "Hidden when not confirmed for DIRECTORY_STALE_MONTHS (18) "
        "(`manage.py review_associations`); deleted by a coordinator."
    ),
    personal_fields=["email", "phone"],
)


# --- people the municipality and its communities publish, by their own choice ---

PUBLISHED = (
    "Until an editor removes it; a page's earlier revisions hold it too and go with the page."
)
register(
    Contact,
    purpose="The municipality's staff newcomers can contact.",
    legal_basis=PUBLIC_TASK,
    retention=Retention(PUBLISHED),
    personal_fields=["name", "role", "email", "phone", "photo"],
)
register(
    StoryPage,
    purpose="A newcomer's story, told and published with their consent.",
    legal_basis=CONSENT,
    retention=Retention(PUBLISHED + " The person may withdraw their consent at any time."),
    personal_fields=["first_name", "origin_country", "origin_place", "arrival_year", "photo"],
)
register(
    CommunityPage,
    purpose="A community's contact person.",
    legal_basis=LEGITIMATE_INTEREST,
    retention=Retention(PUBLISHED),
    personal_fields=["contact_name", "contact_email", "contact_phone"],
)
register(
    Ambassador,
    purpose="A local who welcomes newcomers; their address and phone are public only when "
    "they chose so (`contact_public`).",
    legal_basis=CONSENT,
    retention=Retention(PUBLISHED),
    personal_fields=["name", "role", "moved_here", "photo", "email", "phone"],
)
register(
    TrialHomePage,
    purpose="The contact person of a home to try living in.",
    legal_basis=LEGITIMATE_INTEREST,
    retention=Retention(PUBLISHED),
    personal_fields=["contact_name", "contact_email", "contact_phone"],
)

register(
    ContactRecord,
    section="ambassador_contacts",
    purpose="What a community's ambassadors did for a newcomer who allowed their contact "
    "(contact made, a visit, notes, a welcome message), and the coordinator's 30-day figure.",
    legal_basis=CONSENT,
    retention=Retention("With the account; hidden from the ambassadors once consent is withdrawn."),
    personal_fields=["kind", "note", "happened_at"],
    subject=of_account(ContactRecord),
)


def _delete_expired_meetups(now):
    return expired_meetups(now).delete()[1].get(Meetup._meta.label, 0)


register(
    Meetup,
    section="meetups",
    purpose="A newcomer's post inviting other newcomers to an activity, shown to them while "
    "the poster allows it.",
    legal_basis=CONSENT,
    retention=Retention(
        "Deleted, with its participants and reports, 30 days after its date.",
        _delete_expired_meetups,
    ),
    personal_fields=["title", "description", "place", "starts_at", "link"],
    subject=lambda account: Meetup.objects.filter(poster=account),
)
#: a claim is kept this long after its coupon's last day, for the shop's weekly figures
CLAIM_KEPT = timedelta(days=365)


def _delete_old_claims(now):
    old = Claim.objects.filter(coupon__valid_to__lt=(now - CLAIM_KEPT).date())
    return old.delete()[1].get(Claim._meta.label, 0)


def _export_claims(claims):
    return [
        {
            "coupon": claim.coupon.title,
            "shop": claim.coupon.shop.name,
            "claimed_at": claim.claimed_at,
            "redeemed_at": claim.redeemed_at,
        }
        for claim in claims.select_related("coupon__shop").order_by("pk")
    ]


register(
    Claim,
    section="coupon_claims",
    purpose="A shop's coupon the newcomer claimed, and when the shop redeemed it.",
    legal_basis=CONTRACT,
    retention=Retention("A year after the coupon's last day.", _delete_old_claims),
    personal_fields=["account", "claimed_at", "redeemed_at"],
    subject=of_account(Claim),
    export=_export_claims,
)
not_personal("newcomers.Shop", "A local shop offering coupons: a business's name and address.")

register(
    MeetupParticipant,
    section="meetups_joined",
    purpose="Who joined a meet-up, and the contact they chose to share with its poster.",
    legal_basis=CONSENT,
    retention=Retention("With the meet-up, or when the newcomer leaves it."),
    personal_fields=["shared_contact", "joined_at"],
    subject=of_account(MeetupParticipant),
)
register(
    MeetupReport,
    section="meetup_reports",
    purpose="A newcomer's report of a meet-up post, for the coordinator to deal with.",
    legal_basis=LEGITIMATE_INTEREST,
    retention=Retention("With the meet-up."),
    personal_fields=["reason", "created_at"],
    subject=lambda account: MeetupReport.objects.filter(reporter=account),
)

register(
    Mentor,
    section="mentors",
    purpose="A volunteer business mentor: who they are, how to reach them, what they know, "
    "passed on to the newcomers they are matched with.",
    legal_basis=CONSENT,
    retention=Retention("Until the mentor asks to be removed (the coordinator deletes them)."),
    personal_fields=["name", "email", "phone", "about", "industries", "languages"],
)
register(
    MentorRequest,
    section="mentor_requests",
    purpose="A newcomer's request for a business mentor for a job-seeking partner.",
    legal_basis=CONSENT,
    retention=Retention("With the account; closed when the consent is withdrawn."),
    personal_fields=["industry", "languages", "need", "created_at"],
    subject=of_account(MentorRequest),
    erase_order=-1,  # before the requests the matches hang on
)
register(
    MentorMatch,
    section="mentor_matches",
    purpose="Which mentor a newcomer's request was matched with, when and by whom.",
    legal_basis=CONSENT,
    retention=Retention("With the request."),
    personal_fields=["created_at", "ended_at"],
    subject=lambda account: MentorMatch.objects.filter(mentor_request__account=account),
    erase_order=-2,
)

ENQUIRY_KEPT = timedelta(days=730)


def _enquiries_of(account):
    """The newcomer's enquiries: sent signed in, or from their address at their municipality."""
    return Enquiry.objects.filter(
        Q(account=account) | Q(site_id=account.site_id, email__iexact=account.email)
    )


def _delete_closed_enquiries(now):
    closed = Enquiry.objects.filter(status="closed", closed_at__lt=now - ENQUIRY_KEPT)
    return closed.delete()[1].get(Enquiry._meta.label, 0)


register(
    Enquiry,
    section="enquiries",
    purpose="A question to the newcomer service, routed to the contact for its topic and "
    "language, and the address the answer goes to.",
    legal_basis=PUBLIC_TASK,
    retention=Retention(
        "Deleted, with its answers, two years after it was closed.", _delete_closed_enquiries
    ),
    personal_fields=["name", "email", "message", "created_at"],
    subject=_enquiries_of,
    erase_order=-1,
)
register(
    EnquiryAnswer,
    section="enquiry_answers",
    purpose="The newcomer service's answers to an enquiry, as they were e-mailed.",
    legal_basis=PUBLIC_TASK,
    retention=Retention("With the enquiry."),
    personal_fields=["text", "sent_at"],
    subject=lambda account: EnquiryAnswer.objects.filter(enquiry__in=_enquiries_of(account)),
    erase_order=-2,
)

register(
    DigestSent,
    section="digests",
    purpose="When a newcomer was sent their weekly digest of events, so it goes at most weekly.",
    legal_basis=CONSENT,
    retention=Retention("With the account."),
    personal_fields=["sent_at", "events"],
    subject=of_account(DigestSent),
)

# --- reminders and invitations (newcomers.reminders, newcomers.invitations) ---

DELIVERY_KEPT = timedelta(days=90)


def _delete_old_deliveries(now):
    # what they keep from being sent twice lies days ahead at most: an event's date, a new
    # event's publication, an invitation (which is marked sent itself)
    return Delivery.objects.filter(sent_at__lt=now - DELIVERY_KEPT).delete()[0]


def _subscriptions_export(subscriptions):
    # the keys are the browser's secret: the export names the push service and the time only
    return [{"endpoint": s.endpoint, "created_at": s.created_at} for s in subscriptions]


register(
    PushSubscription,
    section="push_subscriptions",
    purpose="Sending reminders and invitations to a device the newcomer allowed: the push "
    "service's address for that browser and its encryption keys.",
    legal_basis=CONSENT,
    retention=Retention(
        "Until the newcomer removes it, the browser withdraws it (the push service answers "
        "that it is gone) or the account is erased."
    ),
    personal_fields=["endpoint", "p256dh", "auth", "created_at"],
    subject=of_account(PushSubscription),
    export=_subscriptions_export,
)
register(
    Delivery,
    section="reminders_sent",
    purpose="Which reminder or invitation a newcomer was sent, when and how, so that each "
    "goes once and invitations at most one a day.",
    legal_basis=LEGITIMATE_INTEREST,
    retention=Retention("Deleted 90 days after it was sent.", _delete_old_deliveries),
    personal_fields=["kind", "key", "channel", "sent_at", "sent_on"],
    subject=of_account(Delivery),
)
register(
    InvitationOptOut,
    section="invitations_opt_out",
    purpose="That the newcomer asked for no more invitations (the link in an invitation).",
    legal_basis="a legal obligation to respect an objection (art. 21)",
    retention=Retention("With the account."),
    personal_fields=["created_at"],
    subject=of_account(InvitationOptOut),
)

# --- e-mail on its way (guide.mail) ---

MAIL_SENT_KEPT = timedelta(days=7)
MAIL_GIVEN_UP_KEPT = timedelta(days=30)  # the coordinators' report of mail not delivered


def _mail_results():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=mail.deliver.module_path)


def _delete_old_mail(now):
    finished = _mail_results().filter(
        Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - MAIL_SENT_KEPT)
        | Q(status=TaskResultStatus.FAILED, finished_at__lt=now - MAIL_GIVEN_UP_KEPT)
    )
    return finished.delete()[0]


def _mail_to(account):
    return _mail_results().filter(args_kwargs__kwargs__message__to__0=account.email)


def _mail_export(results):
    return [
        {
            "subject": result.args_kwargs["kwargs"]["message"]["subject"],
            "status": result.status,
            "enqueued_at": result.enqueued_at,
        }
        for result in results
    ]


register(
    _mail_results().model,
    section="mail",
    purpose="An e-mail to a newcomer waiting to be sent, or tried again after a failure: "
    "the address, subject and text (a background task's arguments).",
    legal_basis="that of what the e-mail is for (a sign-in link: contract, a digest: consent, "
    "an answer to an enquiry: public task)",
    retention=Retention(
        "Deleted seven days after it was sent; one given up, thirty days after (it is listed "
        "to the coordinators as not delivered until then).",
        _delete_old_mail,
    ),
    personal_fields=["args_kwargs", "enqueued_at"],
    subject=_mail_to,
    export=_mail_export,
)

not_personal(
    "newcomers.DepartedAccount",
    "An anonymous tally of erased accounts (municipality, month signed up, month left) for "
    "the dashboard's retention figure: nothing that identifies a person.",
)
not_personal("guide.Municipality", "The municipality's own address, e-mail and phone.")
not_personal("directory.Practice", "A doctor's practice: a business's name, address and phone.")
not_personal("events.EventPage", "Where an event takes place (a venue's name and address).")
not_personal("events.ImportedEvent", "Where an imported event takes place.")
not_personal("events.ExternalCalendar", "The name of another town's calendar.")
