"""What a newcomer may read, and in which language: the pages an anonymous visitor of a site
may see, and those pages in one language with the Danish standing in for a missing
translation. Every app and the API read content through these two."""

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageViewRestriction

#: fields Wagtail writes on a page row for drafts, locks and comments: not live content (a save of
#: only these leaves what visitors read as it was)
DRAFT_BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
        COMMENTS_RELATION_NAME,
    }
)


def default_language():
    """The source language, which stands in for a missing translation."""
    return settings.LANGUAGE_CODE


def content_languages():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def public_pages(request, model=Page):
    """Live, unexpired, unrestricted pages of the request's site (in every language).

    Wagtail marks a page expired only when `publish_scheduled` next runs; until then an
    expired page is still `live`, so the expiry date is checked here too.

    `model` (a page model) gives that model's rows with the same conditions on them: a
    query over that model's table, not `pk IN (every visible page)`, whose subquery reads
    the whole page tree.
    """
    return model._default_manager.filter(public_pages_q(request))


def public_pages_q(request):
    """`public_pages`' conditions, as one condition on a page's own fields (in one query
    for the view restrictions, one for the site's root's translations and one for the hidden
    sections). A ValueError for a `?site=` that names no site."""
    # as `wagtail.api.querysets.get_public_pages_queryset`
    condition = Q(live=True)
    # each restriction's page path by its key, not by a join, in which SQLite would go
    # through every page to find the restrictions' (their table is small, or empty)
    restrictions = PageViewRestriction.objects.annotate(
        page_path=Subquery(Page.objects.filter(pk=OuterRef("page_id")).values("path"))
    )
    for restriction in restrictions:
        if not restriction.accept_request(request):
            condition &= ~subtree_q(restriction.page_path)
    site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    if site is None:  # no sites configured
        return Q(pk__in=[])
    roots = [site.root_page]
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        roots.extend(site.root_page.get_translations().only("path"))
    in_site = Q()
    for root in roots:
        in_site |= subtree_q(root.path)
    condition &= in_site
    now = timezone.now()
    condition &= Q(expire_at__isnull=True) | Q(expire_at__gt=now)
    # Below a hidden page nothing shows either: its children would carry its slug (in their
    # URLs) and stand for a section that is not there. (Read from the index
    # `guide_page_hidden_parents`, not the page table: migration guide 0005.)
    hidden_parents = Page.objects.filter(numchild__gt=0).filter(
        Q(live=False) | Q(expire_at__lte=now)
    )
    # (unordered: in the order of the path, SQLite would read the page table in that order)
    for parent in hidden_parents.order_by().values_list("path", flat=True):
        condition &= ~subtree_q(parent)
    return condition


def subtree_q(path):
    """The page at `path` and every page below it."""
    return Q(path__startswith=path)


def localise(queryset, language, fallback=True):
    """The items in `language`, plus, with `fallback`, the Danish items that have no
    (visible) translation in it. `queryset` must already hold only what may be shown."""
    asked = queryset.filter(locale__language_code=language)
    if not fallback or language == default_language():
        return asked
    translated = asked.values("translation_key")
    return queryset.filter(
        Q(locale__language_code=language)
        | (Q(locale__language_code=default_language()) & ~Q(translation_key__in=translated))
    )
