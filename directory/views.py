"""The public pages: the entry form for associations without the app, the e-mail
confirmation, the private edit page and the request for a new edit link. Plain HTML that
works on a phone, in Danish, English or German (`?lang=`, else the browser's language).
Each address is one municipality's (`Site.find_for_request`): an entry goes to its
directory, and an edit link works there only."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from directory import links, moderation
from directory.forms import HONEYPOT, AssociationForm, EditLinkForm, data_of
from directory.models import Association
from directory.throttling import EditLinkRateThrottle, SubmissionRateThrottle, retry_after

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _language(request):
    asked = request.GET.get("lang")
    if asked in LANGUAGES:
        translation.activate(asked)
        request.LANGUAGE_CODE = asked
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def _page(request, template, context=None, status=200):
    context = {"languages": settings.LANGUAGES, "language": _language(request), **(context or {})}
    return render(request, f"directory/{template}.html", context, status=status)


def _too_many(request, wait):
    response = _page(
        request,
        "message",
        {"title": _("Too many attempts"), "text": _("Please try again later.")},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def _no_municipality(request):
    return _page(
        request,
        "message",
        {
            "title": _("No municipality here"),
            "text": _("This address belongs to no municipality's directory."),
        },
        status=404,
    )


@never_cache
def new_association(request):
    """An entry for the directory of the municipality whose address this is."""
    language = _language(request)
    site = Site.find_for_request(request)
    if site is None:
        return _no_municipality(request)
    form = AssociationForm(request.POST or None, request.FILES or None, site=site)
    if request.method == "POST":
        wait = retry_after(SubmissionRateThrottle, request)
        if wait:
            return _too_many(request, wait)
        # A filled-in honeypot gets the same thanks as a person, and nothing is kept.
        if form.is_spam or form.is_valid():
            if not form.is_spam:
                moderation.submit(form, language, site=site)
            return _page(
                request,
                "message",
                {
                    "title": _("Thank you"),
                    "text": _(
                        "We have sent you an e-mail. Open the link in it to confirm your "
                        "address; then the newcomer service reviews your entry."
                    ),
                },
            )
    return _page(request, "form", {"form": form, "title": _("Add your association")})


@never_cache
def confirm_email(request, token):
    _language(request)
    if request.method == "POST":
        submission = moderation.confirm(token)
        if submission is None:
            return _page(
                request,
                "message",
                {"title": _("Unknown link"), "text": _("This link is not valid.")},
                status=404,
            )
        return _page(
            request,
            "message",
            {
                "title": _("Thank you"),
                "text": _(
                    "Your e-mail address is confirmed. The newcomer service will "
                    "review your entry and write to you."
                ),
            },
        )
    # A button, not the bare link, confirms: mail scanners open links too.
    return _page(request, "confirm", {"title": _("Confirm your e-mail address")})


@never_cache
def edit_association(request, token):
    language = _language(request)
    # a link works at its own municipality's address only
    association = (
        Association.objects.of_site(Site.find_for_request(request))
        .filter(pk=links.association_id(token) or 0)
        .first()
    )
    if association is None:
        return _page(
            request,
            "request_link",
            {
                "title": _("This link has expired or is not valid"),
                "text": _(
                    "Nothing was changed. Enter your association's e-mail address and "
                    "we will send you a new link."
                ),
                "form": EditLinkForm(),
            },
            status=400,
        )
    if request.method == "POST" and "still_current" in request.POST:
        moderation.confirm_current(association)
        return _page(
            request,
            "message",
            {"title": _("Thank you"), "text": _("Your entry is confirmed as current.")},
        )
    form = AssociationForm(
        request.POST or None,
        request.FILES or None,
        initial=data_of(association),
        site=association.site,
    )
    if request.method == "POST":
        wait = retry_after(SubmissionRateThrottle, request)
        if wait:
            return _too_many(request, wait)
        if form.is_spam or form.is_valid():
            if not form.is_spam:
                moderation.submit(form, language, association=association)
            return _page(
                request,
                "message",
                {
                    "title": _("Thank you"),
                    "text": _(
                        "Your change is waiting for the newcomer service's approval. "
                        "Until then, the directory shows your entry as it was."
                    ),
                },
            )
    return _page(
        request,
        "form",
        {"form": form, "title": _("Change your entry"), "association": association},
    )


@never_cache
def request_edit_link(request):
    _language(request)
    form = EditLinkForm(request.POST or None)
    if request.method == "POST":
        wait = retry_after(EditLinkRateThrottle, request)
        if wait:
            return _too_many(request, wait)
        if form.is_valid():
            site = Site.find_for_request(request)
            if not form.cleaned_data[HONEYPOT] and site is not None:
                moderation.send_edit_links(form.cleaned_data["email"], site=site)
            # the same answer whether the address is known or not: it tells nothing
            return _page(
                request,
                "message",
                {
                    "title": _("Check your e-mail"),
                    "text": _(
                        "If an entry in the directory has this e-mail address, a new link "
                        "to change it is on its way."
                    ),
                },
            )
    return _page(
        request,
        "request_link",
        {"title": _("Get a new link to your entry"), "form": form},
        status=400 if form.errors else 200,
    )
