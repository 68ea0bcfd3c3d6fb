"""What a newcomer may read, and in which language: the pages an anonymous visitor of a site
may see, and those pages in one language with the Danish standing in for a missing
translation. Every app and the API read content through these two."""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.models import COMMENTS_RELATION_NAME, Page

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


def public_pages(request):
    """Live, unexpired, unrestricted pages of the request's site (in every language).

    Wagtail marks a page expired only when `publish_scheduled` next runs; until then an
    expired page is still `live`, so the expiry date is checked here too.
    """
    queryset = get_public_pages_queryset(request)
    now = timezone.now()
    queryset = queryset.filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    # Below a hidden page nothing shows either: its children would carry its slug (in their
    # URLs) and stand for a section that is not there.
    hidden_parents = Page.objects.filter(numchild__gt=0).filter(
        Q(live=False) | Q(expire_at__lte=now)
    )
    below = Q()
    for parent in hidden_parents.only("path", "depth"):
        below |= Page.objects.descendant_of_q(parent, inclusive=True)
    return queryset.exclude(below) if below else queryset


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
