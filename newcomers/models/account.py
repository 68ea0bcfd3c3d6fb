"""A newcomer's account (one per e-mail address and municipality) and their profile.

Not Django's `auth.User`: a newcomer never reaches the admin, and staff are never signed in by
a newcomer's link (docs: newcomers/signin.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guide.audience import HOUSEHOLDS
from guide.fields import CodeListField
from guide.sites import SiteQuerySet, SiteScoped

LANGUAGES = (("da", "Dansk"), ("en", "English"), ("de", "Deutsch"))

#: what a newcomer may say they are interested in: a fixed list, translated
INTERESTS = (
    ("culture", _("Culture and concerts")),
    ("sports", _("Sports")),
    ("nature", _("Nature and outdoor life")),
    ("food", _("Food and markets")),
    ("family", _("Activities for families")),
    ("volunteering", _("Volunteering")),
    ("language", _("Learning Danish")),
    ("work", _("Work and business")),
)
INTEREST_CODES = tuple(code for code, _label in INTERESTS)


class CommunityStatus(models.TextChoices):
    LIVES = "lives", _("lives there")
    CONSIDERS = "considers", _("considers moving there")


class AccountQuerySet(SiteQuerySet):
    def consenting(self, purpose):
        """Accounts whose latest record for `purpose` gives it (one query)."""
        from newcomers.models.consent import ConsentRecord  # (consent.py imports this module)

        latest = ConsentRecord.objects.filter(
            account=models.OuterRef("pk"), purpose=purpose
        ).order_by("-recorded_at", "-pk")
        return self.filter(models.Subquery(latest.values("given")[:1]))


class Account(SiteScoped):
    email = models.EmailField(_("e-mail address"))  # lower-cased by newcomers.signin
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="da")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_sign_in_at = models.DateTimeField(_("last signed in at"), null=True, blank=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("newcomer account")
        constraints = [
            models.UniqueConstraint(fields=["site", "email"], name="one_account_per_site_email")
        ]

    def __str__(self):
        return f"Account #{self.pk}"  # log entries keep this label: nothing personal


class NewcomerProfile(models.Model):
    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="profile")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    moved_from_country = models.CharField(_("moved from (country)"), max_length=2, blank=True)
    household = CodeListField(_("household"), codes=HOUSEHOLDS)
    # the community's translation_key, as Registration.event_key: a community's access rows
    # are deleted with it, so no foreign key may hold them
    community_key = models.UUIDField(_("community"), null=True, blank=True)
    community_status = models.CharField(
        _("community status"), max_length=10, choices=CommunityStatus.choices, blank=True
    )
    interests = CodeListField(_("interests"), codes=INTERESTS)
    moving_date = models.DateField(_("moving date"), null=True, blank=True)

    class Meta:
        verbose_name = _("newcomer profile")
        indexes = [models.Index(fields=["community_key", "moving_date"])]

    def __str__(self):
        return f"Profile of account #{self.account_id}"
