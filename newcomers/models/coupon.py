"""Digital coupons from local shops: a shop (with its staff's logins) offers a coupon, the
coordinator approves it, a newcomer claims it on their phone and the shop redeems the claim's
code (docs/coupons.md).

Shop staff are Django users who are not staff (`is_staff` False): they never reach the
admin, only the shop's own pages under /shops/. The total is never exceeded: a claim locks
the coupon's row and counts `claimed_count` up (newcomers.coupons.claim)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from guide.sites import SiteQuerySet, SiteScoped, administered_sites
from newcomers.models.account import Account

LANGUAGES = ("da", "en", "de")


class ShopQuerySet(SiteQuerySet):
    def administered_by(self, user):
        return self.filter(site__in=administered_sites(user))


class Shop(SiteScoped):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    contact = models.CharField(
        _("contact"), max_length=300, blank=True, help_text=_("A phone number or e-mail address.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ShopQuerySet.as_manager()

    class Meta:
        verbose_name = _("shop")

    def __str__(self):
        return self.name


class ShopStaff(models.Model):
    """A login of a shop: an `auth.User` that is not staff, for one shop."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shop_staff"
    )
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="staff")

    class Meta:
        verbose_name = _("shop staff")

    def __str__(self):
        return f"Staff #{self.pk} of {self.shop}"


class CouponStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class CouponQuerySet(models.QuerySet):
    def administered_by(self, user):
        return self.filter(shop__site__in=administered_sites(user))

    def public(self, site, today):
        """Approved and current coupons of `site`'s shops."""
        return self.filter(
            shop__site=site,
            status=CouponStatus.APPROVED,
            valid_from__lte=today,
            valid_to__gte=today,
        )


class Coupon(models.Model):
    shop = models.ForeignKey(
        Shop, verbose_name=_("shop"), on_delete=models.CASCADE, related_name="coupons"
    )
    title = models.CharField(_("title"), max_length=100)
    title_en = models.CharField(_("title (English)"), max_length=100, blank=True)
    title_de = models.CharField(_("title (German)"), max_length=100, blank=True)
    text = models.TextField(_("text"), max_length=1000, blank=True)
    text_en = models.TextField(_("text (English)"), max_length=1000, blank=True)
    text_de = models.TextField(_("text (German)"), max_length=1000, blank=True)
    value = models.CharField(
        _("value"),
        max_length=100,
        help_text=_('What the newcomer gets, e.g. "a free coffee" or "10 percent off".'),
    )
    value_en = models.CharField(_("value (English)"), max_length=100, blank=True)
    value_de = models.CharField(_("value (German)"), max_length=100, blank=True)
    picture = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("picture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), help_text=_("The last day it can be redeemed."))
    total = models.PositiveIntegerField(_("how many in all"))
    #: claims handed out; an erased newcomer's claim is not given back
    claimed_count = models.PositiveIntegerField(_("claimed"), default=0)
    moved_within_months = models.PositiveSmallIntegerField(
        _("for newcomers who moved within (months)"), default=12
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CouponStatus.choices, default=CouponStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CouponQuerySet.as_manager()

    class Meta:
        verbose_name = _("coupon")
        constraints = [
            models.CheckConstraint(
                condition=Q(claimed_count__lte=F("total")), name="coupon_within_total"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="coupon_valid_to_after_from"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def remaining(self):
        return max(0, self.total - self.claimed_count)


class Claim(models.Model):
    coupon = models.ForeignKey(Coupon, on_delete=models.CASCADE, related_name="claims")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="coupon_claims")
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("redeemed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("coupon claim")
        constraints = [
            models.UniqueConstraint(fields=["coupon", "account"], name="one_claim_per_coupon")
        ]

    def __str__(self):
        return f"Claim #{self.pk}"
