"""Reminders and pop-up invitations (docs/reminders.md): a newcomer's Web Push
subscriptions, the coordinator's invitations, every reminder or invitation sent (once: a
unique row each) and the one-click opt-out of invitations."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guide.audience import HOUSEHOLDS
from guide.fields import CodeListField
from guide.sites import SiteQuerySet, SiteScoped
from newcomers.models.account import LANGUAGES, Account


class PushSubscription(models.Model):
    """One browser's subscription (the Push API's endpoint and keys) of an account."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(_("endpoint"), max_length=1000)
    p256dh = models.CharField(_("public key (p256dh)"), max_length=100)
    auth = models.CharField(_("authentication secret"), max_length=50)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("push subscription")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "endpoint"], name="one_push_subscription_per_endpoint"
            )
        ]

    def __str__(self):
        return f"Push subscription #{self.pk}"


class InvitationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENT = "sent", _("Sent")
    #: taken back by the coordinator: not sent (any more), not shown on the website
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Invitation(SiteScoped):
    """A pop-up invitation a coordinator writes: sent once per person in the audience at
    `send_at`, and shown on the website's home until `date` has passed, unless withdrawn."""

    text_da = models.CharField(_("text (Danish)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)
    text_de = models.CharField(_("text (German)"), max_length=300)
    link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("event or page"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    date = models.DateField(_("shown until"))
    countries = models.CharField(
        _("moved from (countries)"),
        max_length=200,
        blank=True,
        help_text=_("Two-letter country codes, separated by commas; empty: everyone."),
    )
    households = CodeListField(_("households"), codes=HOUSEHOLDS)
    community_key = models.UUIDField(_("community"), null=True, blank=True)
    languages = CodeListField(_("languages"), codes=LANGUAGES)
    send_at = models.DateTimeField(_("send at"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.DRAFT,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        ordering = ["-send_at", "-pk"]

    def __str__(self):
        return self.text_en

    def text_in(self, language):
        return getattr(self, f"text_{language}", "") or self.text_en

    @property
    def text(self):
        """The text in the language the reader's interface speaks (the admin's pages)."""
        return self.text_in((get_language() or "en")[:2])


class DeliveryKind(models.TextChoices):
    EVENT_REMINDER = "event_reminder", _("reminder of an event")
    NEW_EVENT = "new_event", _("new event of the community")
    INVITATION = "invitation", _("invitation")


class Delivery(models.Model):
    """A reminder or invitation sent to an account: `key` names what it was about (the
    event's date, the new event, the invitation), unique per account and kind, so that it
    goes out once; invitations at most one a local day."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=20, choices=DeliveryKind.choices)
    key = models.CharField(_("about"), max_length=100)
    channel = models.CharField(
        _("channel"), max_length=10, choices=(("push", _("push")), ("email", _("e-mail")))
    )
    sent_at = models.DateTimeField(_("sent at"))
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["account", "kind", "key"], name="one_delivery_each"),
            models.UniqueConstraint(
                fields=["account", "sent_on"],
                condition=models.Q(kind="invitation"),
                name="one_invitation_a_day",
            ),
        ]

    def __str__(self):
        return f"Delivery #{self.pk}"


class InvitationOptOut(models.Model):
    """The account said no to invitations (the link in every invitation)."""

    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, related_name="invitation_opt_out"
    )
    created_at = models.DateTimeField(_("opted out at"), auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out of invitations")

    def __str__(self):
        return f"Opt-out #{self.pk}"
