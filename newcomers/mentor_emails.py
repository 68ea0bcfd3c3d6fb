"""The mentors' e-mails, sent in the background (guide.mail): the coordinators hear of a new
mentor; a match introduces mentor and newcomer to each other, each in their own language,
with the other's first name and the contact the mentor agreed to share (e-mail, and phone
if they gave one)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from guide import mail
from guide.sites import coordinators_of
from newcomers.models.mentor import INDUSTRIES


def _send(template, to, language, context, site):
    with translation.override(language):
        subject, _sep, body = render_to_string(
            f"newcomers/email/{template}.txt", context
        ).partition("\n")
    mail.send(to=to, subject=subject.strip(), body=body.lstrip(), language=language, site=site)


def _labels(codes):
    names = dict(INDUSTRIES)
    return ", ".join(str(names[code]) for code in codes if code in names)


def new_mentor(mentor):
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("newcomers_mentors")
    for to in coordinators_of(mentor.site).exclude(email="").values_list("email", flat=True):
        _send("new_mentor", to, settings.LANGUAGE_CODE, {"mentor": mentor, "url": url}, mentor.site)


def introductions(found):
    mentor, mentor_request = found.mentor, found.mentor_request
    account = mentor_request.account
    profile = getattr(account, "profile", None)
    newcomer_name = (profile.first_name if profile else "").split(" ")[0]
    with translation.override(account.language):
        industries = _labels(mentor.industries)
    _send(
        "introduce_mentor",
        account.email,
        account.language,
        {"newcomer_name": newcomer_name, "mentor": mentor, "industries": industries},
        mentor.site,
    )
    with translation.override(mentor.language):
        industry = _labels([mentor_request.industry])
    _send(
        "introduce_newcomer",
        mentor.email,
        mentor.language,
        {
            "mentor": mentor,
            "newcomer_name": newcomer_name,
            "newcomer_email": account.email,
            "industry": industry,
            "need": mentor_request.need,
        },
        mentor.site,
    )
