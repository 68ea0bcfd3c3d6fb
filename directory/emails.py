"""The e-mails to associations, each in the submitter's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from directory import links


def _send(template, to, language, context):
    with translation.override(language):
        subject, _sep, body = render_to_string(
            f"directory/email/{template}.txt", context
        ).partition("\n")
    EmailMessage(
        subject.strip(),
        body.lstrip(),
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers={"Content-Language": language},
    ).send()


def confirm_email(submission):
    _send(
        "confirm",
        submission.email,
        submission.language,
        {"name": submission.data["name"], "url": links.confirm_url(submission)},
    )


def approved(submission, association):
    _send(
        "approved",
        submission.email,
        submission.language,
        {"name": association.name, **_edit_context(association)},
    )


def rejected(submission):
    _send(
        "rejected",
        submission.email,
        submission.language,
        {"name": submission.data["name"], "reason": submission.reason},
    )


def edit_link(association):
    _send(
        "edit_link",
        association.email,
        association.language,
        {"name": association.name, **_edit_context(association)},
    )


def reminder(association):
    _send(
        "reminder",
        association.email,
        association.language,
        {"name": association.name, **_edit_context(association)},
    )


def _edit_context(association):
    return {"url": links.edit_url(association), "days": links.edit_link_days()}
