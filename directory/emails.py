"""The e-mails to associations, each in the submitter's language, sent in the background
(guide.mail) as mail of the association's municipality."""

from django.template.loader import render_to_string
from django.utils import translation

from directory import links
from guide import mail


def _send(template, to, language, context, site):
    with translation.override(language):
        subject, _sep, body = render_to_string(
            f"directory/email/{template}.txt", context
        ).partition("\n")
    mail.send(to=to, subject=subject.strip(), body=body.lstrip(), language=language, site=site)


def confirm_email(submission):
    _send(
        "confirm",
        submission.email,
        submission.language,
        {"name": submission.data["name"], "url": links.confirm_url(submission)},
        submission.site,
    )


def approved(submission, association):
    _send(
        "approved",
        submission.email,
        submission.language,
        {"name": association.name, **_edit_context(association)},
        association.site,
    )


def rejected(submission):
    _send(
        "rejected",
        submission.email,
        submission.language,
        {"name": submission.data["name"], "reason": submission.reason},
        submission.site,
    )


def edit_link(association):
    _send(
        "edit_link",
        association.email,
        association.language,
        {"name": association.name, **_edit_context(association)},
        association.site,
    )


def reminder(association):
    _send(
        "reminder",
        association.email,
        association.language,
        {"name": association.name, **_edit_context(association)},
        association.site,
    )


def _edit_context(association):
    return {"url": links.edit_url(association), "days": links.edit_link_days()}
