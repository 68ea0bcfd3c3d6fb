"""Questions to the municipality (about 200 a year): each is stored first, then routed to
the contact of its topic (newcomers.enquiries.route), answered by e-mail and closed. Nothing
is deleted: the answers stay with their enquiry."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guide.models.contacts import TOPICS
from guide.sites import SiteScoped
from newcomers.models.account import LANGUAGES, Account


class EnquiryStatus(models.TextChoices):
    NEW = "new", _("new")
    ASSIGNED = "assigned", _("assigned")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class Enquiry(SiteScoped):
    topic = models.CharField(_("topic"), max_length=20, choices=TOPICS)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    message = models.TextField(_("message"), max_length=5000)
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    # the signed-in newcomer who asked; the enquiry stays if the account goes
    account = models.ForeignKey(
        Account,
        verbose_name=_("newcomer account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW
    )
    contact = models.ForeignKey(
        "guide.Contact",
        verbose_name=_("assigned contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["site", "status", "created_at"])]

    def __str__(self):
        return f"Enquiry #{self.pk}"  # log entries keep this label: nothing personal


class Delivery(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("not delivered")


class EnquiryAnswer(models.Model):
    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), max_length=10000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # as the mail's task said when it was enqueued; with a task queue the queue's own rows
    # say what became of it since (newcomers.enquiry_mail.delivery_states)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.QUEUED
    )

    class Meta:
        verbose_name = _("answer to an enquiry")
        ordering = ["sent_at", "pk"]

    def __str__(self):
        return f"Answer #{self.pk}"

    @property
    def mail_reference(self):
        """What the answer's mail task carries, to be found in the queue."""
        return f"enquiry-answer:{self.pk}"
