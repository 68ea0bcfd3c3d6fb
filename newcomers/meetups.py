"""Meet-ups: post, cancel, join, leave, report; the coordinator hides and unhides.

Capacity holds under concurrent joins because a place is taken by one conditional UPDATE
(`participant_count < max_people - 1`) in the transaction that adds the participant: on
PostgreSQL the second UPDATE of the same row waits for the first to commit and re-checks its
condition, SQLite serialises all writes anyway. A participant's deletion frees the place
(newcomers.models.meetup)."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from guide import mail
from guide.sites import coordinators_of
from newcomers.models import Account, Meetup, MeetupParticipant, MeetupReport
from newcomers.models.meetup import VISIBILITY_PURPOSE


class JoinRefused(Exception):
    """`reason`: "full" or "own" (the poster cannot join their own meet-up)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def may_post(account):
    """Posting shows the post to other newcomers: only with the account's consent to it."""
    return Account.objects.filter(pk=account.pk).consenting(VISIBILITY_PURPOSE).exists()


def post(account, values):
    return Meetup.objects.create(poster=account, **values)


def cancel(meetup, *, now=None):
    """The poster calls it off: it leaves every list, and its participants are told."""
    now = now or timezone.now()
    if not Meetup.objects.filter(pk=meetup.pk, cancelled_at__isnull=True).update(cancelled_at=now):
        return
    participants = MeetupParticipant.objects.filter(meetup=meetup).select_related("account")
    for participant in participants:
        _mail_cancelled(meetup, participant.account)


def _mail_cancelled(meetup, account):
    with translation.override(account.language):
        subject = _("Meet-up cancelled: %(title)s") % {"title": meetup.title}
        body = _(
            'The meet-up "%(title)s" on %(date)s at %(place)s has been cancelled by the '
            "newcomer who posted it."
        ) % {
            "title": meetup.title,
            "date": timezone.localtime(meetup.starts_at).strftime("%Y-%m-%d %H:%M"),
            "place": meetup.place,
        }
    mail.send(
        to=account.email,
        subject=subject,
        body=body,
        language=account.language,
        site=account.site,
    )


def join(meetup, account, shared_contact):
    """(participant, created): a place in `meetup`, or the contact changed when `account`
    has one already; JoinRefused when it is full or their own."""
    if meetup.poster_id == account.pk:
        raise JoinRefused("own")
    with transaction.atomic():
        found = (
            MeetupParticipant.objects.select_for_update()
            .filter(meetup=meetup, account=account)
            .first()
        )
        if found is None:
            try:
                with transaction.atomic():  # a savepoint: the same account joining twice at once
                    participant = MeetupParticipant.objects.create(
                        meetup=meetup, account=account, shared_contact=shared_contact
                    )
            except IntegrityError:
                found = MeetupParticipant.objects.get(meetup=meetup, account=account)
        if found is not None:
            found.shared_contact = shared_contact
            found.save(update_fields=["shared_contact"])
            return found, False
        taken = Meetup.objects.filter(
            pk=meetup.pk, participant_count__lt=F("max_people") - 1
        ).update(participant_count=F("participant_count") + 1)
        if not taken:
            raise JoinRefused("full")  # (and the new participant is rolled back)
    return participant, True


def leave(meetup, account):
    """Give the place up (its deletion frees it); nothing when `account` had none."""
    for participant in MeetupParticipant.objects.filter(meetup=meetup, account=account):
        participant.delete()


def report(meetup, account, reason):
    """A report for the coordinators; the first one open on a meet-up is mailed to them (the
    reason and a link to the admin, not who reported it)."""
    already = MeetupReport.objects.filter(meetup=meetup, resolved_at__isnull=True).exists()
    found = MeetupReport.objects.create(meetup=meetup, reporter=account, reason=reason)
    if not already:
        _mail_reported(meetup, reason)
    return found


def _mail_reported(meetup, reason):
    site = meetup.poster.site
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("newcomers_meetup", args=[meetup.pk])
    with translation.override(settings.LANGUAGE_CODE):  # the admin's language
        subject = _("A meet-up was reported: %(title)s") % {"title": meetup.title}
        body = _(
            'A newcomer reported the meet-up "%(title)s":\n\n%(reason)s\n\n'
            "Look at it, and hide it if it breaks the rules:\n%(url)s"
        ) % {"title": meetup.title, "reason": reason, "url": url}
    for to in coordinators_of(site).exclude(email="").values_list("email", flat=True):
        mail.send(to=to, subject=subject, body=body, language=settings.LANGUAGE_CODE, site=site)


def hide(meetup, user, *, now=None):
    """The coordinator takes it down: no newcomer sees it any more; its reports are dealt
    with."""
    now = now or timezone.now()
    with transaction.atomic():
        meetup.hidden_at, meetup.hidden_by = now, user
        meetup.save(update_fields=["hidden_at", "hidden_by"])
        resolve_reports(meetup, user, now=now)
        log(meetup, "newcomers.meetup.hide", user=user)


def unhide(meetup, user):
    with transaction.atomic():
        meetup.hidden_at, meetup.hidden_by = None, None
        meetup.save(update_fields=["hidden_at", "hidden_by"])
        log(meetup, "newcomers.meetup.unhide", user=user)


def resolve_reports(meetup, user, *, now=None):
    """Mark the meet-up's open reports dealt with (hidden, or found harmless)."""
    meetup.reports.filter(resolved_at__isnull=True).update(
        resolved_at=now or timezone.now(), resolved_by=user
    )
