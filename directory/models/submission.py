"""What an association proposes: a new entry or a change to its published one. The
proposal is kept as validated data (the keys of `AssociationForm`) beside the entry, which
stays as it is until a coordinator approves."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guide.sites import SiteQuerySet, SiteScoped


def new_token():
    return secrets.token_urlsafe(32)


class SubmissionQuerySet(SiteQuerySet):
    def waiting(self):
        return self.filter(status=AssociationSubmission.Status.PENDING)


class AssociationSubmission(SiteScoped):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail not confirmed yet")
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    association = models.ForeignKey(
        "directory.Association",
        verbose_name=_("published entry"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="submissions",
        help_text=_("Empty for a new entry."),
    )
    data = models.JSONField(_("proposed entry"))
    logo = models.ImageField(_("proposed logo"), upload_to="associations/proposed/", blank=True)
    email = models.EmailField(_("submitter's e-mail"))
    language = models.CharField(_("submitter's language"), max_length=8, default="da")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UNCONFIRMED
    )
    confirmation_token = models.CharField(max_length=64, unique=True, default=new_token)
    reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("association submission")
        verbose_name_plural = _("association submissions")
        ordering = ["created_at", "id"]
        permissions = [("moderate_associations", _("Can approve and reject association entries"))]

    def __str__(self):
        return self.data.get("name", "")

    @property
    def is_change(self):
        return self.association_id is not None
