"""Enquiries from receipt to answer: store, route to the contact of the topic, notify them,
answer the enquirer by e-mail in the enquiry's language, close. Each change of status is in
Wagtail's audit log (the admin's history and the site history report)."""

import statistics

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from wagtail.log_actions import log
from wagtail.models import Locale

from guide import mail
from guide.models import Contact, Municipality
from guide.models.contacts import TOPICS
from guide.sites import coordinators_of
from newcomers.models.enquiry import Delivery, Enquiry, EnquiryAnswer, EnquiryStatus

#: the topic whose contact answers what no one else does
GENERAL_TOPIC = "welcome"


def route(site, topic, language):
    """The contact who answers `topic` in `language` at `site`'s municipality: the first (in
    the guide's order) who answers the topic and speaks the language; else the first who
    answers the topic; else the first who answers the general topic; else None (the
    municipality's coordinators take it). Only contacts with an e-mail address."""
    contacts = list(contacts_of(site).exclude(email=""))
    for fits in (
        lambda c: topic in c.topics and language in c.languages,
        lambda c: topic in c.topics,
        lambda c: GENERAL_TOPIC in c.topics,
    ):
        found = next((contact for contact in contacts if fits(contact)), None)
        if found:
            return found
    return None


def contacts_of(site):
    """`site`'s contacts, one copy each (the guide keeps one per language): those in the
    municipality's default language, in the guide's order."""
    language = (
        Municipality.objects.filter(site=site).values_list("default_language", flat=True).first()
    )
    locale = Locale.objects.filter(language_code=language or "da").first() or Locale.get_default()
    return Contact.objects.of_site(site).filter(locale=locale).order_by("sort_order", "pk")


@transaction.atomic
def submit(site, *, topic, language, message, email, name="", account=None):
    """Store the enquiry, then route it and tell whoever takes it."""
    enquiry = Enquiry.objects.create(
        site=site,
        topic=topic,
        language=language,
        message=message,
        email=email,
        name=name,
        account=account,
    )
    log(instance=enquiry, action="wagtail.create", user=None)
    contact = route(site, topic, language)
    if contact:
        _assign(enquiry, contact, user=None)
    else:
        _notify(enquiry, [user.email for user in coordinators_of(site) if user.email])
    return enquiry


@transaction.atomic
def assign(enquiry, contact, user):
    """Hand the enquiry to `contact` (one of its municipality's), who is told by e-mail."""
    _assign(enquiry, contact, user)


def _assign(enquiry, contact, user):
    enquiry.contact = contact
    if enquiry.status == EnquiryStatus.NEW:
        enquiry.status = EnquiryStatus.ASSIGNED
    enquiry.save(update_fields=["contact", "status"])
    log(
        instance=enquiry,
        action="newcomers.enquiry.assign",
        user=user,
        data={"contact": contact.pk, "contact_name": contact.name},
    )
    _notify(enquiry, [contact.email] if contact.email else [])


def _notify(enquiry, addresses):
    """Tell staff an enquiry waits: its topic and a link to it, nothing the enquirer wrote."""
    municipality = Municipality.objects.filter(site_id=enquiry.site_id).first()
    language = municipality.default_language if municipality else settings.LANGUAGE_CODE
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "newcomers_enquiry", args=[enquiry.pk]
    )
    with translation.override(language):
        subject = _("A question about %(topic)s is waiting for an answer") % {
            "topic": enquiry.get_topic_display().lower()
        }
        body = _(
            "A newcomer has asked a question about %(topic)s, in %(language)s.\n\n"
            "Read and answer it in the admin:\n%(url)s\n"
        ) % {
            "topic": enquiry.get_topic_display().lower(),
            "language": enquiry.get_language_display(),
            "url": url,
        }
    for address in addresses:
        mail.send(to=address, subject=subject, body=body, language=language, site=enquiry.site)


def answer(enquiry, text, user):
    """E-mail `text` to the enquirer in the enquiry's language and keep it with the enquiry.
    The answer is stored before its mail is enqueued, so that the mail can be traced to it."""
    with transaction.atomic():
        now = timezone.now()
        reply = EnquiryAnswer.objects.create(enquiry=enquiry, text=text, sent_by=user, sent_at=now)
        enquiry.first_answered_at = enquiry.first_answered_at or now
        changed = enquiry.status != EnquiryStatus.ANSWERED
        enquiry.status = EnquiryStatus.ANSWERED
        enquiry.save(update_fields=["first_answered_at", "status"])
        if changed:
            log(instance=enquiry, action="newcomers.enquiry.answer", user=user)
        result = mail.send(
            to=enquiry.email,
            language=enquiry.language,
            site=enquiry.site,
            reference=reply.mail_reference,
            **answer_mail(enquiry, text),
        )
    # the immediate backend has run it already; a queue has only taken it
    reply.delivery = {
        TaskResultStatus.SUCCESSFUL: Delivery.SENT,
        TaskResultStatus.FAILED: Delivery.FAILED,
    }.get(result.status, Delivery.QUEUED)
    EnquiryAnswer.objects.filter(pk=reply.pk).update(delivery=reply.delivery)
    return reply


def answer_mail(enquiry, text):
    """The answer's subject and body, in the enquiry's language, with the question below."""
    municipality = Municipality.objects.filter(site_id=enquiry.site_id).first()
    sender = municipality.name if municipality else ""
    with translation.override(enquiry.language):
        subject = _("Answer to your question to %(municipality)s") % {"municipality": sender}
        greeting = _("Dear %(name)s,") % {"name": enquiry.name} if enquiry.name else _("Hello,")
        asked = _("You asked on %(date)s:") % {
            "date": timezone.localtime(enquiry.created_at).date().isoformat()
        }
        quoted = "\n".join(f"> {line}" for line in enquiry.message.splitlines())
        signature = _("Best regards,\n%(municipality)s") % {"municipality": sender}
    return {
        "subject": subject,
        "body": f"{greeting}\n\n{text}\n\n{signature}\n\n{asked}\n{quoted}\n",
    }


@transaction.atomic
def close(enquiry, user):
    enquiry.status = EnquiryStatus.CLOSED
    enquiry.closed_at = timezone.now()
    enquiry.save(update_fields=["status", "closed_at"])
    log(instance=enquiry, action="newcomers.enquiry.close", user=user)


def figures(enquiries, year):
    """The year's enquiries (of `enquiries`, a queryset already narrowed to the user's
    municipalities) by topic, and the median days to a first answer. Two queries."""
    of_year = enquiries.filter(created_at__year=year)
    counts = dict(
        of_year.order_by()
        .values_list("topic")
        .annotate(count=Count("pk"))
        .values_list("topic", "count")
    )
    durations = [
        (answered - created).total_seconds() / 86400
        for created, answered in of_year.filter(first_answered_at__isnull=False).values_list(
            "created_at", "first_answered_at"
        )
    ]
    return {
        "year": year,
        "total": sum(counts.values()),
        "by_topic": [(label, counts[code]) for code, label in TOPICS if counts.get(code)],
        "answered": len(durations),
        "median_days": round(statistics.median(durations), 1) if durations else None,
    }


def with_delivery(answers):
    """`answers`, each with `delivery_state` (a Delivery, or "retrying") and
    `delivery_detail` (the next try and the last error, or the error given up on): with a
    task queue from the newest attempt of its mail, else as it was when enqueued."""
    answers = list(answers)
    newest = {}
    if "django_tasks_db" in settings.INSTALLED_APPS:
        for attempt in mail.attempts([a.mail_reference for a in answers]):
            newest.setdefault(attempt.args_kwargs["kwargs"]["message"]["reference"], attempt)
    for reply in answers:
        reply.delivery_state, reply.delivery_detail = reply.delivery, ""
        attempt = newest.get(reply.mail_reference)
        if attempt is None:
            continue
        kwargs = attempt.args_kwargs["kwargs"]
        if attempt.status == TaskResultStatus.FAILED:
            reply.delivery_state = Delivery.FAILED
            reply.delivery_detail = attempt.traceback.strip().rsplit("\n", 1)[-1]
        elif attempt.status == TaskResultStatus.SUCCESSFUL:
            reply.delivery_state = Delivery.SENT
        elif kwargs["attempt"] > 1:
            reply.delivery_state = "retrying"
            reply.delivery_detail = _("next try %(when)s; %(error)s") % {
                "when": timezone.localtime(attempt.run_after).strftime("%Y-%m-%d %H:%M"),
                "error": kwargs["last_error"],
            }
        else:
            reply.delivery_state = Delivery.QUEUED
    return answers
