"""What a newcomer may read, and in which language: the pages an anonymous visitor of a site
may see, and those pages in one language with the Danish standing in for a missing
translation. Every app and the API read content through these two."""

from typing import NamedTuple

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
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


class VisibilityFacts(NamedTuple):
    """What `public_pages_q` reads from the database for a request: the view restrictions
    (each with its page's `page_path`), the paths of the site's root page and its
    translations (None: no site), and the paths of the hidden sections."""

    restrictions: tuple
    roots: tuple | None
    hidden: tuple


def visibility_facts(request):
    """`public_pages_q`'s reads: one query for the view restrictions, one for the site's
    root's translations and one for the hidden sections (besides the site's own lookup). A
    ValueError for a `?site=` that names no site."""
    # each restriction's page path by its key, not by a join, in which SQLite would go
    # through every page to find the restrictions' (their table is small, or empty)
    restrictions = tuple(
        PageViewRestriction.objects.annotate(
            page_path=Subquery(Page.objects.filter(pk=OuterRef("page_id")).values("path"))
        )
    )
    site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    if site is None:  # no sites configured
        return VisibilityFacts(restrictions, None, ())
    roots = [site.root_page]
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        roots.extend(site.root_page.get_translations().only("path"))
    # Below a hidden page nothing shows either: its children would carry its slug (in their
    # URLs) and stand for a section that is not there. (Read from the index
    # `guide_page_hidden_parents`, not the page table: migration guide 0005.)
    hidden_parents = Page.objects.filter(numchild__gt=0).filter(
        Q(live=False) | Q(expire_at__lte=timezone.now())
    )
    # (unordered: in the order of the path, SQLite would read the page table in that order)
    hidden = tuple(hidden_parents.order_by().values_list("path", flat=True))
    return VisibilityFacts(restrictions, tuple(root.path for root in roots), hidden)


def public_pages_q(request, facts=None):
    """`public_pages`' conditions, as one condition on a page's own fields, from
    `visibility_facts(request)` (read now unless given: the API keeps them by content
    version, `frontend_api.visibility`). A ValueError for a `?site=` that names no site."""
    if facts is None:
        facts = visibility_facts(request)
    # as `wagtail.api.querysets.get_public_pages_queryset`
    condition = Q(live=True)
    for restriction in facts.restrictions:
        if not restriction.accept_request(request):
            condition &= ~subtree_q(restriction.page_path)
    if facts.roots is None:  # no sites configured
        return Q(pk__in=[])
    in_site = Q()
    for root in facts.roots:
        in_site |= subtree_q(root)
    condition &= in_site
    condition &= Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
    for parent in facts.hidden:
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
    # Not `translation_key NOT IN (every key asked)`: that list is built from all the items
    # in `language` for each query, where a correlated NOT EXISTS finds an item's copy by the
    # unique (translation_key, locale) index, and a listing's query stops at its page.
    translated = asked.filter(translation_key=OuterRef("translation_key"))
    # (the first condition is implied by the second: it lets the database read only the rows
    # of the two languages, not every language's to test each)
    return queryset.filter(
        Q(locale__language_code__in=[language, default_language()]),
        Q(locale__language_code=language)
        | (Q(locale__language_code=default_language()) & ~Exists(translated)),
    )
