"""Reminders (docs/reminders.md): the day before a date of an event a newcomer registered
for (by their account's e-mail address, on their municipality's site), and the new events
of the community they live in or consider, if they asked for invitations. Sent once each
(`Delivery`), by push to their devices, else by e-mail, in their language.

`deliver()` sends one reminder or invitation to one account; the task `tasks.deliver`
calls it and defers or retries what it cannot send now. The daily job (`send_reminders`,
`manage.py send_reminders`) finds what is due and enqueues one task each."""

import logging
import textwrap
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from events.models.registration import Registration, RegistrationStatus
from guide import mail
from guide.models import Municipality
from newcomers import invitations, push
from newcomers.digest_events import coming_events
from newcomers.models import Account, Delivery, InvitationOptOut
from newcomers.models.push import DeliveryKind
from newcomers.signin import website_address

logger = logging.getLogger(__name__)

PURPOSE = "community_invitations"
#: no push from QUIET_START to QUIET_END, local time (Europe/Copenhagen): deferred
QUIET_START, QUIET_END = time(21), time(8)
#: how far back a community's event counts as new (the delivery keeps it to once)
NEW_EVENT_DAYS = 2
NEW_EVENT_WEEKS_AHEAD = 8


@dataclass
class Deferred:
    """Not now: try again at `until`."""

    until: datetime
    reason: str


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, hour))


def quiet_until(now):
    """The end of the quiet hours `now` lies in (08:00 local), else None."""
    local = timezone.localtime(now)
    if local.time() >= QUIET_START:
        return _at(local.date() + timedelta(days=1), QUIET_END)
    if local.time() < QUIET_END:
        return _at(local.date(), QUIET_END)
    return None


def _mail_body(message):
    lines = [message["body"], "", message["url"]]
    if message.get("opt_out_url"):
        lines += ["", "-- ", textwrap.fill(message["opt_out_text"], 72), message["opt_out_url"]]
    return "\n".join(lines) + "\n"


def _send_mail(account, message):
    headers = {}
    if message.get("opt_out_url"):
        headers = {
            "List-Unsubscribe": f"<{message['opt_out_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    mail.send(
        to=account.email,
        subject=message["title"],
        body=_mail_body(message),
        language=message["language"],
        site=account.site,
        headers=headers,
    )


def deliver(account_id, kind, key, message, *, now=None, email_only=False):
    """Send `message` ({title, body, url, language[, opt_out_url, opt_out_text]}) to the
    account, unless it went out before. What happened: "sent push", "sent email", "done"
    (sent before, or nobody to send to), or a `Deferred`. Raises push.PushFailed when no
    device took it and one may later: nothing is recorded, so another try sends it."""
    now = now or timezone.now()
    account = Account.objects.select_related("site").filter(pk=account_id).first()
    if account is None:
        return "done"
    if kind != DeliveryKind.EVENT_REMINDER:  # consent may be withdrawn while it waits
        if not Account.objects.consenting(PURPOSE).filter(pk=account.pk).exists():
            return "done"
        opted_out = InvitationOptOut.objects.filter(account=account)
        if kind == DeliveryKind.INVITATION and opted_out.exists():
            return "done"
        if kind == DeliveryKind.INVITATION and invitations.is_withdrawn(key):
            return "done"  # the coordinator took it back while it waited
    sent = Delivery.objects.filter(account=account, kind=kind)
    if sent.filter(key=key).exists():
        return "done"
    today = timezone.localdate(now)
    if kind == DeliveryKind.INVITATION and sent.filter(sent_on=today).exists():
        return Deferred(_at(today + timedelta(days=1), QUIET_END), "one invitation a day")
    devices = [] if email_only or not push.enabled() else list(account.push_subscriptions.all())
    if devices and (until := quiet_until(now)):
        return Deferred(until, "quiet hours")
    try:
        with transaction.atomic():  # claimed first: two runs at once send it once
            delivery = Delivery.objects.create(
                account=account,
                kind=kind,
                key=key,
                channel="push" if devices else "email",
                sent_at=now,
                sent_on=today,
            )
    except IntegrityError:
        return "done"
    if devices:
        try:
            taken = _push(devices, message)
        except push.PushFailed:
            delivery.delete()  # not sent: the next try claims it again
            raise
        if taken:
            return "sent push"
        delivery.channel = "email"  # every device is gone: e-mail instead
        delivery.save(update_fields=["channel"])
    _send_mail(account, message)
    return "sent email"


def _push(devices, message):
    """Whether a device took it; raises PushFailed if none did and one failed."""
    taken, failed = False, None
    for device in devices:
        try:
            taken |= push.send(
                device,
                title=message["title"],
                body=message["body"],
                url=message["url"],
                opt_out_url=message.get("opt_out_url", ""),
                opt_out_label=message.get("opt_out_label", ""),
            )
        except push.PushFailed as error:
            failed = error
    if failed and not taken:
        raise failed
    return taken


# --- what is due ----------------------------------------------------------------------


def _language(account, municipality):
    if municipality and account.language not in municipality.languages:
        return municipality.default_language
    return account.language


def _when(start, all_day):
    start = timezone.localtime(start)
    return formats.date_format(start, "DATE_FORMAT" if all_day else "DATETIME_FORMAT")


def event_reminders(site, now):
    """(account id, key, message) of the reminders of tomorrow's dates at `site`."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start, end = _at(tomorrow, time(0)), _at(tomorrow + timedelta(days=1), time(0))
    events = {event.translation_key: event for event in coming_events(site, start, end, now)}
    if not events:
        return []
    registrations = Registration.objects.filter(
        event_key__in=events, occurrence__gte=start, occurrence__lt=end
    ).filter(status=RegistrationStatus.CONFIRMED)
    by_email = {}
    for registration in registrations:
        by_email.setdefault(registration.email.strip().lower(), []).append(registration)
    accounts = Account.objects.filter(site=site, email__in=list(by_email))
    municipality = Municipality.objects.filter(site=site).first()
    base = website_address(site).rstrip("/")
    due = []
    for account in accounts:
        language = _language(account, municipality)
        default = municipality.default_language if municipality else language
        for registration in by_email[account.email]:
            event = events[registration.event_key]
            copy = event.copy_in(language, default)
            with translation.override(language):
                message = {
                    "title": _("Tomorrow: %(event)s") % {"event": copy.title},
                    "body": _("You are registered for %(event)s, %(when)s.")
                    % {"event": copy.title, "when": _when(registration.occurrence, False)},
                    "url": f"{base}/{language}/events/{copy.id}/",
                    "language": language,
                }
            key = f"{registration.event_key}@{registration.occurrence:%Y%m%dT%H%M}"
            due.append((account.pk, DeliveryKind.EVENT_REMINDER, key, message))
    return due


def new_community_events(site, now):
    """(account id, key, message) of the events published lately by the community a
    newcomer who asked for invitations lives in or considers."""
    since = now - timedelta(days=NEW_EVENT_DAYS)
    events = [
        event
        for event in coming_events(site, now, now + timedelta(weeks=NEW_EVENT_WEEKS_AHEAD), now)
        if event.community_key and event.first_published_at and event.first_published_at > since
    ]
    if not events:
        return []
    accounts = (
        Account.objects.consenting(PURPOSE)
        .filter(site=site, profile__community_key__in={e.community_key for e in events})
        .select_related("profile")
    )
    municipality = Municipality.objects.filter(site=site).first()
    base = website_address(site).rstrip("/")
    due = []
    for account in accounts:
        language = _language(account, municipality)
        default = municipality.default_language if municipality else language
        for event in events:
            if event.community_key != account.profile.community_key:
                continue
            copy = event.copy_in(language, default)
            with translation.override(language):
                message = {
                    "title": _("New in your community: %(event)s") % {"event": copy.title},
                    "body": _("%(event)s, %(when)s.")
                    % {"event": copy.title, "when": _when(event.next_start, event.all_day)},
                    "url": f"{base}/{language}/events/{copy.id}/",
                    "language": language,
                }
            due.append((account.pk, DeliveryKind.NEW_EVENT, str(event.translation_key), message))
    return due


def due_reminders(now=None):
    """Every reminder due now, of every site, not sent before."""
    now = now or timezone.now()
    due = []
    for site in Site.objects.select_related("root_page"):
        due += event_reminders(site, now) + new_community_events(site, now)
    if not due:
        return []
    sent = set(
        Delivery.objects.filter(
            Q(account__in={d[0] for d in due}), Q(key__in={d[2] for d in due})
        ).values_list("account_id", "kind", "key")
    )
    return [d for d in due if (d[0], d[1], d[2]) not in sent]
