"""Ambassadors reach out: which newcomers a staff user may see and contact, the records of
what was done, the welcome message, and the coordinators' 30-day figure.

A community's ambassador corps are its editors (`communities.permissions`); a coordinator
works for every community of their municipality. A newcomer is shown only while their latest
`ambassador_contact` consent gives it, and only to the corps of their profile's community or
of a corps a coordinator introduced them to; nobody here ever sees their e-mail address.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation

from communities.models import CommunityPage
from communities.permissions import managed_communities, member_communities
from guide import mail
from guide.models import Municipality
from guide.sites import administered_sites
from newcomers.models import Account, ConsentRecord, ContactKind, ContactRecord
from newcomers.models.ambassador import REACHED
from newcomers.signin import website_address

PURPOSE = "ambassador_contact"
#: how soon after consenting (or moving, if later) a newcomer should be contacted
CONTACT_WITHIN = timedelta(days=30)
#: a corps e-mails a newcomer at most once in this time: a welcome, not a newsletter
MAIL_INTERVAL = timedelta(days=1)


class TooSoon(Exception):
    """The corps e-mailed this newcomer less than MAIL_INTERVAL ago."""


def community_keys(user):
    """A subquery of the translation keys of the communities `user` works for: those whose
    editors they are, and every community of the municipalities they coordinate."""
    pages = CommunityPage.objects.filter(
        Q(pk__in=member_communities(user).values("pk"))
        | Q(pk__in=managed_communities(user).values("pk"))
    )
    return pages.values("translation_key")


def may_use(user):
    """Whether `user` has any community to reach out for (the menu item, the view)."""
    return user.is_active and community_keys(user).exists()


def visible_newcomers(user):
    """The consenting newcomers of `user`'s communities, each with the contact records of
    those communities (`records`, newest first): two queries however many there are, after
    the user's permissions (whether they coordinate)."""
    keys = community_keys(user)
    introduced = ContactRecord.objects.filter(
        account=OuterRef("pk"), kind=ContactKind.INTRODUCED, community_key__in=keys
    )
    records = (
        ContactRecord.objects.filter(community_key__in=keys)
        .select_related("recorded_by")
        .order_by("-happened_at", "-pk")
    )
    return (
        Account.objects.consenting(PURPOSE)
        .filter(Q(profile__community_key__in=keys) | Exists(introduced))
        .select_related("profile")
        .prefetch_related(Prefetch("contact_records", queryset=records, to_attr="records"))
        .order_by("profile__moving_date", "pk")
    )


def community_names(keys, language):
    """{translation key: the community's title in `language`, else its first copy's}."""
    names = {}
    pages = CommunityPage.objects.filter(translation_key__in=keys).order_by("id")
    for key, title, code in pages.values_list("translation_key", "title", "locale__language_code"):
        if key not in names or code == language:
            names[key] = title
    return names


@transaction.atomic
def add_record(account, community_key, kind, note, by, *, mailed=False, when=None):
    return ContactRecord.objects.create(
        account=account,
        community_key=community_key,
        kind=kind,
        note=note,
        mailed=mailed,
        happened_at=when or timezone.now(),
        recorded_by=by,
    )


@transaction.atomic
def send_welcome(account, community_key, message, by):
    """E-mail `message` from `by` to the newcomer in their language, from the municipality
    (its reply address, never the ambassador's nor the newcomer's shown to the other), and
    record it as contact made. Raises TooSoon (nothing sent) within MAIL_INTERVAL of the
    corps' last message."""
    # one message at a time per newcomer: two clicks of Send make one e-mail
    Account.objects.select_for_update().filter(pk=account.pk).first()
    if ContactRecord.objects.filter(
        account=account,
        community_key=community_key,
        mailed=True,
        happened_at__gt=timezone.now() - MAIL_INTERVAL,
    ).exists():
        raise TooSoon
    municipality = Municipality.objects.filter(site_id=account.site_id).first()
    language = account.language
    context = {
        "first_name": account.profile.first_name,
        "ambassador": by.first_name,
        "community": community_names([community_key], language).get(community_key, ""),
        "municipality": municipality.name if municipality else "",
        "reply_to": municipality.email if municipality else "",
        "website": website_address(account.site),
        "message": message,
    }
    with translation.override(language):
        subject = render_to_string("newcomers/emails/welcome_subject.txt", context).strip()
        body = render_to_string("newcomers/emails/welcome.txt", context)
    mail.send(to=account.email, subject=subject, body=body, language=language, site=account.site)
    return add_record(account, community_key, ContactKind.CONTACTED, message, by, mailed=True)


@transaction.atomic
def introduce(account, corps_key, by):
    """Introduce the newcomer to the corps `corps_key`: its editors see them from now on."""
    Account.objects.select_for_update().filter(pk=account.pk).first()
    introduced = ContactRecord.objects.filter(
        account=account, community_key=corps_key, kind=ContactKind.INTRODUCED
    ).first()
    return introduced or add_record(account, corps_key, ContactKind.INTRODUCED, "", by)


def contact_figures(user):
    """Per community of `user`'s: of the newcomers who consent, how many were reached
    (contact made, or a visit) within 30 days of the later of their consent and their moving
    date, how many were not and their 30 days are over, and how many are still within them.
    One query; the counting is done here as the two dates are of different kinds."""
    consent_at = (
        ConsentRecord.objects.filter(account=OuterRef("pk"), purpose=PURPOSE)
        .order_by("-recorded_at", "-pk")
        .values("recorded_at")[:1]
    )
    first_reached = (
        ContactRecord.objects.filter(account=OuterRef("pk"), kind__in=REACHED)
        .order_by("happened_at")
        .values("happened_at")[:1]
    )
    rows = (
        Account.objects.consenting(PURPOSE)
        .filter(site__in=administered_sites(user))
        .filter(profile__community_key__in=community_keys(user))
        .annotate(consent_at=Subquery(consent_at), reached_at=Subquery(first_reached))
        .values_list("profile__community_key", "profile__moving_date", "consent_at", "reached_at")
    )
    now = timezone.now()
    figures = defaultdict(lambda: {"consenting": 0, "in_time": 0, "late": 0, "waiting": 0})
    for key, moving_date, consent_at, reached_at in rows:
        start = consent_at
        if moving_date is not None:
            moved = timezone.make_aware(datetime.combine(moving_date, time.min))
            start = max(start, moved)
        deadline = start + CONTACT_WITHIN
        figure = figures[key]
        figure["consenting"] += 1
        if reached_at is not None and reached_at <= deadline:
            figure["in_time"] += 1
        elif deadline < now:
            figure["late"] += 1
        else:
            figure["waiting"] += 1
    return dict(figures)
