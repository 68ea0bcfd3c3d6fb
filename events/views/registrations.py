"""The private cancel page linked from registrants' e-mails: GET shows what will be
cancelled and a button, POST cancels. An unknown or forged link changes nothing."""

from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events import registrations
from events.models import RegistrationStatus


def _page(request, template, title, language, context=None, status=200):
    response = render(
        request,
        f"events/registrations/{template}.html",
        {"title": title, "language": language, **(context or {})},
        status=status,
    )
    # the token is in the URL: do not hand it to other sites ("no-referrer" would make
    # browsers send `Origin: null` with the form, which the CSRF check refuses)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request, token):
    registration = registrations.registration_for_token(token)
    if registration is None:
        return _page(
            request,
            "message",
            _("This link does not work"),
            translation.get_language(),
            {
                "text": _(
                    "We could not find a registration for this link. Check that you copied "
                    "the whole link from the e-mail. If your seats were moved up from the "
                    "waiting list, use the link in the latest e-mail."
                )
            },
            status=404,
        )
    with translation.override(registration.language):
        past = registration.occurrence <= timezone.now()
        open_ = registration.status != RegistrationStatus.CANCELLED and not past
        if request.method == "POST" and open_:
            registration = registrations.cancel(token).registration
            just_cancelled = True
        else:
            just_cancelled = False
        event = registrations.event_for(registration)
        context = {
            "registration": registration,
            "event_title": event.title if event else "",
            "start": timezone.localtime(registration.occurrence),
            "cancelled": registration.status == RegistrationStatus.CANCELLED,
            "just_cancelled": just_cancelled,
            "past": past,
        }
        if context["cancelled"]:
            title = _("Registration cancelled")
        else:
            title = _("Cancel your registration")
        return _page(request, "cancel", title, registration.language, context)
