"""Pop-up invitations (docs/reminders.md): a coordinator writes one for an audience of
their municipality's newcomers who asked for invitations, previews how many it reaches and
schedules it; at its time it goes to each once, in their language (`reminders.deliver`:
push, else e-mail; at most one a day, no push at night), and it shows on the website's
home until its date has passed. Every invitation carries a one-click opt-out link.

A scheduled or sent invitation can be withdrawn (`withdraw`): the task that would send it
finds it withdrawn and sends nothing, the deliveries still waiting in the queue are not made
(`reminders.deliver` asks `is_withdrawn` before each), and the website's home no longer
shows it."""

import logging

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from frontend_api.areas import GUIDE
from frontend_api.invalidation import content_changed
from guide.models import Municipality
from newcomers.digests import api_address
from newcomers.models import Account, Invitation, InvitationOptOut
from newcomers.models.push import DeliveryKind, InvitationStatus
from newcomers.signin import website_address

logger = logging.getLogger(__name__)

PURPOSE = "community_invitations"
OPT_OUT_SALT = "newcomers.invitations.opt_out"


def countries(invitation):
    return [c.strip().upper() for c in invitation.countries.split(",") if c.strip()]


def audience(invitation):
    """The accounts the invitation reaches: of its site, who asked for invitations and did
    not opt out, matching each criterion given (any of its values)."""
    found = (
        Account.objects.consenting(PURPOSE)
        .filter(site_id=invitation.site_id)
        .exclude(pk__in=InvitationOptOut.objects.values("account_id"))
    )
    if codes := countries(invitation):
        found = found.filter(profile__moved_from_country__in=codes)
    if invitation.households:
        any_of = Q()
        for code in invitation.households:
            any_of |= Q(profile__household__contains=f",{code},")
        found = found.filter(any_of)
    if invitation.community_key:
        found = found.filter(profile__community_key=invitation.community_key)
    if invitation.languages:
        found = found.filter(language__in=invitation.languages)
    return found


def reach(invitation):
    """How many the invitation reaches now (a count: the preview shows no one)."""
    return audience(invitation).count()


def schedule(invitation):
    """Mark the invitation to go out at its time (tasks.send_invitation, enqueued for then
    when the task queue can wait; else the next run of the job sends it)."""
    from newcomers.tasks import (
        can_defer,
        send_invitation,  # (tasks imports this module)
    )

    invitation.status = InvitationStatus.SCHEDULED
    invitation.save(update_fields=["status"])
    changed(invitation)
    if can_defer():
        transaction.on_commit(
            lambda: send_invitation.using(run_after=invitation.send_at).enqueue(
                invitation_id=invitation.pk
            )
        )


def changed(invitation):
    """The public list of current invitations is rendered afresh."""
    content_changed(sites=lambda: [invitation.site_id], area=GUIDE)


def link_url(invitation, language):
    base = website_address(invitation.site).rstrip("/")
    page = invitation.link
    if page is None:
        return f"{base}/{language}/"
    page = page.specific
    copy = page.get_translations(inclusive=True).filter(locale__language_code=language).first()
    page = copy or page
    kind = "events" if page.specific_class.__name__ == "EventPage" else "pages"
    return f"{base}/{language}/{kind}/{page.pk}/"


def message(invitation, account, municipality):
    language = account.language
    if municipality and language not in municipality.languages:
        language = municipality.default_language
    with translation.override(language):
        return {
            "title": _("Invitation from %(municipality)s")
            % {"municipality": municipality.name if municipality else invitation.site.site_name},
            "body": invitation.text_in(language),
            "url": link_url(invitation, language),
            "language": language,
            "opt_out_url": opt_out_url(account),
            "opt_out_text": _("You get invitations because you asked for them. To stop, open:"),
            "opt_out_label": _("Stop invitations"),
        }


def due(now=None):
    """The scheduled invitations whose time has come."""
    now = now or timezone.now()
    return Invitation.objects.filter(status=InvitationStatus.SCHEDULED, send_at__lte=now)


def recipients(invitation):
    """(account id, kind, key, message) for everyone the invitation reaches; marks it sent
    (once: a second run finds it sent and sends nothing). Only if it is still scheduled for
    now, and as it is then: a coordinator may have changed its text or its time since it
    was found due."""
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, status=InvitationStatus.SCHEDULED, send_at__lte=timezone.now()
        ).update(status=InvitationStatus.SENT)
    if not claimed:
        return []
    invitation.refresh_from_db()
    municipality = Municipality.objects.filter(site_id=invitation.site_id).first()
    key = delivery_key(invitation.pk)
    return [
        (account.pk, DeliveryKind.INVITATION, key, message(invitation, account, municipality))
        for account in audience(invitation).select_related("site")
    ]


#: the states in which an invitation goes out, or went out, and is shown on the home
SHOWN = (InvitationStatus.SCHEDULED, InvitationStatus.SENT)
WITHDRAW_ACTION = "newcomers.invitation.withdraw"


def withdraw(invitation, user):
    """Take back a scheduled or sent invitation: it is not sent (any more) and no longer
    shown; logged. Whether it was withdrawn now (False: a draft, or withdrawn already)."""
    with transaction.atomic():
        done = Invitation.objects.filter(pk=invitation.pk, status__in=SHOWN).update(
            status=InvitationStatus.WITHDRAWN
        )
        if not done:
            return False
        invitation.status = InvitationStatus.WITHDRAWN
        log(invitation, WITHDRAW_ACTION, user=user)
        changed(invitation)
    return True


def delivery_key(invitation_id):
    return f"invitation:{invitation_id}"


def is_withdrawn(key):
    """Whether the invitation a delivery's `key` names was withdrawn (or is gone)."""
    pk = key.removeprefix("invitation:")
    if not pk.isdigit():
        return False
    return not Invitation.objects.filter(pk=int(pk), status__in=SHOWN).exists()


def current(site, now=None):
    """The invitations the website's home shows now: sent or scheduled and due, their date
    not passed."""
    now = now or timezone.now()
    return (
        Invitation.objects.filter(site=site, send_at__lte=now, date__gte=timezone.localdate(now))
        .filter(status__in=SHOWN)
        .select_related("link")
        .order_by("date", "pk")
    )


# --- opting out -----------------------------------------------------------------------


def opt_out_token(account):
    return signing.dumps({"account": account.pk, "site": account.site_id}, salt=OPT_OUT_SALT)


def account_of_token(site, token):
    try:
        found = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(found, dict) or found.get("site") != site.pk:
        return None
    return Account.objects.filter(pk=found.get("account"), site=site).first()


def opt_out_url(account):
    path = reverse("me_invitations_opt_out", args=[opt_out_token(account)])
    return api_address(account.site).rstrip("/") + path


def opt_out(account):
    InvitationOptOut.objects.get_or_create(account=account)


def opted_out(account):
    return InvitationOptOut.objects.filter(account=account).exists()
