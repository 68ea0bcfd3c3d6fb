"""The form through which an association submits its entry (posted on to the API's
`associations/submissions/`, which validates it like the CMS's own form: its errors are shown
beside the fields, what was typed kept), and the request for a new edit link."""

import json

from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse
from starlette.routing import Route

from website.i18n import N_
from website.views.associations import (
    AUDIENCES,
    CATEGORIES,
    LANGUAGE_CODES,
    Communities,
    language_names,
    options,
)
from website.visit import Visit

#: the languages most newcomers here speak, offered first; the rest are one click away
COMMON_LANGUAGES = ("da", "en", "de", "uk", "ar", "pl", "ro", "so", "ti", "fa", "tr", "es", "fr")
#: the submission form's fields as the API names them, with their labels
FIELD_LABELS = {
    "name": N_("Name of the association"),
    "description": N_("Description in Danish"),
    "description_en": N_("Description in English"),
    "description_de": N_("Description in German"),
    "activities": N_("Activities in Danish"),
    "activities_en": N_("Activities in English"),
    "activities_de": N_("Activities in German"),
    "categories": N_("Categories"),
    "audiences": N_("Who it is for"),
    "languages": N_("Languages spoken at the activities"),
    "newcomer_friendly": N_("Newcomers and internationals are especially welcome"),
    "community": N_("Local community"),
    "address": N_("Where you meet"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "fee": N_("Membership fee"),
    "email": N_("E-mail address"),
    "phone": N_("Phone"),
    "website": N_("Website"),
    "facebook": N_("Facebook page"),
    "logo": N_("Logo"),
}
TEXT_FIELDS = (
    *("name", "description", "description_en", "description_de"),
    *("activities", "activities_en", "activities_de", "community", "address"),
    *("latitude", "longitude", "fee_min", "fee_max", "email", "phone", "website", "facebook"),
)
LIST_FIELDS = {"categories": CATEGORIES, "audiences": AUDIENCES, "languages": LANGUAGE_CODES}
HONEYPOT = "nickname"


def submitted_values(form):
    """What the visitor typed, to send and to show again."""
    values = {name: str(form.get(name, "")).strip() for name in TEXT_FIELDS}
    for name, allowed in LIST_FIELDS.items():
        values[name] = [code for code in form.getlist(name) if code in allowed]
    values["newcomer_friendly"] = bool(form.get("newcomer_friendly"))
    values["fee_free"] = bool(form.get("fee_free"))
    values[HONEYPOT] = str(form.get(HONEYPOT, ""))
    return values


def json_body(values):
    """The entry as the API's JSON: empty texts left out, numbers as typed (the API's form
    says what is wrong with them, in the visitor's language)."""
    body = {name: values[name] for name in TEXT_FIELDS if values[name]}
    for name in ("fee_min", "fee_max"):
        body.pop(name, None)
    community = values["community"]
    body["community"] = int(community) if community.isdigit() else community or None
    body["fee"] = {
        "free": values["fee_free"],
        "min": values["fee_min"] or None,
        "max": values["fee_max"] or None,
    }
    body.update({name: values[name] for name in LIST_FIELDS})
    body["newcomer_friendly"] = values["newcomer_friendly"]
    if values[HONEYPOT]:
        body[HONEYPOT] = values[HONEYPOT]
    return body


def multipart_body(values):
    """The same entry as form data for a multipart request (with the logo): lists as
    repeated fields, `fee` as JSON text."""
    body = json_body(values)
    body["fee"] = json.dumps(body["fee"])
    body["newcomer_friendly"] = "true" if body["newcomer_friendly"] else "false"
    if body["community"] is None:
        del body["community"]
    return body


async def uploaded_logo(form):
    logo = form.get("logo")
    if not isinstance(logo, UploadFile) or not logo.filename:
        return None
    content = await logo.read()
    return (
        (logo.filename, content, logo.content_type or "application/octet-stream")
        if content
        else None
    )


async def association_new(request):
    visit = Visit(request)
    errors, values, logo_dropped = {}, None, False
    communities = Communities(visit, await visit.api.gather(*Communities.calls(visit)))
    if request.method == "POST":
        form = await request.form()
        values = submitted_values(form)
        logo = await uploaded_logo(form)
        if logo:
            request_body = {"data": multipart_body(values), "files": {"logo": logo}}
        else:
            request_body = {"json": json_body(values)}
        status, answer = await visit.api.post(
            "associations/submissions/",
            **request_body,
            client_ip=visit.client_ip,
            language=visit.lang,
        )
        if status == 202:
            return RedirectResponse(visit.url("association_sent"), status_code=303)
        errors = api_errors(visit, answer, status)
        logo_dropped = bool(logo)
    status = 400 if errors else 200
    return render_form(visit, communities.choices(), values or {}, errors, logo_dropped, status)


def api_errors(visit, answer, status):
    """The API's field errors as {field: message}; anything else under `__all__`."""
    errors = {
        name: " ".join(messages)
        for name, messages in (answer.get("errors") or {}).items()
        if name != "__all__"
    }
    general = (answer.get("errors") or {}).get("__all__") or []
    if status == 429:
        general = [visit.gettext("Too many attempts from your connection. Please try again later.")]
    elif not errors and not general:
        general = [answer.get("message") or visit.gettext("The entry could not be sent.")]
    if general:
        errors["__all__"] = " ".join(general)
    return errors


def render_form(visit, communities, values, errors, logo_dropped, status=200):
    names = language_names(visit.lang)
    return visit.render(
        "associations/form.html",
        {
            "title": visit.gettext("Add your association"),
            "description": visit.gettext(
                "Add your association to the directory, so that newcomers can find it."
            ),
            "values": values,
            "errors": errors,
            "labels": {name: visit.gettext(label) for name, label in FIELD_LABELS.items()},
            "logo_dropped": logo_dropped,
            "categories": options(visit, CATEGORIES),
            "audiences": options(visit, AUDIENCES),
            "common_languages": [(code, names[code]) for code in COMMON_LANGUAGES],
            "other_languages": sorted(
                ((c, n) for c, n in names.items() if c not in COMMON_LANGUAGES),
                key=lambda pair: pair[1],
            ),
            "communities": communities,
        },
        status=status,
    )


async def association_sent(request):
    visit = Visit(request)
    return visit.render(
        "associations/sent.html",
        {"title": visit.gettext("Thank you: now confirm your e-mail address"), "noindex": True},
    )


async def edit_link(request):
    visit = Visit(request)
    errors, email = {}, ""
    if request.method == "POST":
        form = await request.form()
        email = str(form.get("email", "")).strip()
        body = {"email": email}
        if form.get(HONEYPOT):
            body[HONEYPOT] = str(form.get(HONEYPOT))
        status, answer = await visit.api.post(
            "associations/edit-link/", json=body, client_ip=visit.client_ip, language=visit.lang
        )
        if status == 202:
            return RedirectResponse(visit.url("association_edit_link_sent"), status_code=303)
        errors = api_errors(visit, answer, status)
    return visit.render(
        "associations/edit_link.html",
        {
            "title": visit.gettext("Change your association's entry"),
            "errors": errors,
            "email": email,
            "labels": {"email": visit.gettext("Your association's e-mail address")},
        },
        status=400 if errors else 200,
    )


async def edit_link_sent(request):
    visit = Visit(request)
    return visit.render(
        "associations/edit_link_sent.html",
        {"title": visit.gettext("Check your e-mail"), "noindex": True},
    )


routes = [
    Route(
        "/associations/new/",
        association_new,
        methods=["GET", "POST"],
        name="association_new",
    ),
    Route("/associations/new/sent/", association_sent, name="association_sent"),
    Route(
        "/associations/edit-link/", edit_link, methods=["GET", "POST"], name="association_edit_link"
    ),
    Route("/associations/edit-link/sent/", edit_link_sent, name="association_edit_link_sent"),
]
