"""The e-mails to registrants, each in the registrant's language, with their private link to
cancel, sent in the background (guide.mail) as mail of the event's municipality.
Settings: REGISTRATION_BASE_URL (where the cancel page is served; default
WAGTAILADMIN_BASE_URL) and DEFAULT_FROM_EMAIL."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from guide import mail
from guide.sites import site_of_page


def cancel_url(token):
    base = settings.REGISTRATION_BASE_URL or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + reverse("event_registrations:cancel", args=[token])


def _send(template, event, registration, context):
    with translation.override(registration.language):
        subject, _sep, body = render_to_string(
            f"events/email/{template}.txt",
            {
                "registration": registration,
                "start": timezone.localtime(registration.occurrence),
                **context,
            },
        ).partition("\n")
    mail.send(
        to=registration.email,
        subject=subject.strip(),
        body=body.lstrip(),
        language=registration.language,
        site=site_of_page(event) if event else None,
    )


def _event_context(event):
    return {
        "title": event.title if event else "",
        "place": ", ".join(part for part in (event.place_name, event.address) if part)
        if event
        else "",
    }


def registered(event, registration, token, position):
    """Seats confirmed, or a place on the waiting list."""
    _send(
        "registered",
        event,
        registration,
        {**_event_context(event), "position": position, "cancel_url": cancel_url(token)},
    )


def promoted(event, registration, token):
    """Moved up from the waiting list: the seats are confirmed now."""
    _send(
        "promoted", event, registration, {**_event_context(event), "cancel_url": cancel_url(token)}
    )
