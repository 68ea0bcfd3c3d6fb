"""Each municipality its own house: a Wagtail `Site` with its own tree and its own rows.

Pages belong to a municipality by the tree (below its site's root page, in every language);
every other row a municipality owns (the guide's snippets, associations and their
submissions, practices, external calendars) carries a `site` foreign key (`SiteScoped`).
The API serves the site of the request's host; the admin shows a user the rows of the sites
they administer (`administered_sites`)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site


def default_site_id():
    """The default site's id: what a row made outside any request (a command, an import
    without a site, a test) belongs to unless it says otherwise."""
    site = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    return site or Site.objects.order_by("pk").values_list("pk", flat=True).first()


def administered_sites(user):
    """The sites whose content `user` administers: every site for a superuser, else those
    of the municipalities whose coordinators they are."""
    if not user.is_active:
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(municipality__coordinators__user=user)


def site_of_page(page):
    """The site whose tree `page` lies in, in whatever language, or None.

    Wagtail's `Page.get_site()` knows only the root page's own language; a municipality's
    English and German trees are translations of it, beside it under the tree root."""
    root = (
        Page.objects.ancestor_of(page, inclusive=True)
        .filter(translation_key__in=Site.objects.values("root_page__translation_key"))
        .only("translation_key")
        .first()
    )
    if root is None:
        return None
    return Site.objects.filter(root_page__translation_key=root.translation_key).first()


def site_pages_q(site):
    """Pages of `site`'s tree in every language: its root page's copies and below."""
    condition = Q(pk__in=[])
    for root in Page.objects.filter(translation_key=site.root_page.translation_key):
        condition |= Page.objects.descendant_of_q(root, inclusive=True)
    return condition


class SiteQuerySet(models.QuerySet):
    def of_site(self, site):
        """The rows of `site` (a `Site`, or None for none at all)."""
        return self.filter(site=site) if site is not None else self.none()

    def administered_by(self, user):
        return self.filter(site__in=administered_sites(user))


class SiteScoped(models.Model):
    """A row one municipality owns."""

    site = models.ForeignKey(
        Site,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        default=default_site_id,
        related_name="+",
    )

    objects = SiteQuerySet.as_manager()

    class Meta:
        abstract = True


def coordinators_of(site):
    """The active users who coordinate `site`'s municipality."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, groups__municipality_coordinated__site=site
    )
