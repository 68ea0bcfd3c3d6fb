"""Sign-in links and sessions: only a hash of each token is kept (the token itself is in the
e-mail or with the client)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guide.sites import SiteScoped
from newcomers.models.account import LANGUAGES, Account


class SignInLink(SiteScoped):
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        indexes = [models.Index(fields=["site", "email", "created_at"])]

    def __str__(self):
        return f"Sign-in link #{self.pk}"


class AccountSession(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="sessions")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("signed out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newcomer session")

    def __str__(self):
        return f"Session #{self.pk}"
