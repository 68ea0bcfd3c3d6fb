"""What an anonymous client may see: the single definition every endpoint uses."""

from django.db.models import Q
from django.utils import timezone
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.utils import get_restricted_collection_ids
from wagtail.models import Page


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
    for path in hidden_parents.values_list("path", flat=True):
        below |= Q(path__startswith=path)
    return queryset.exclude(below) if below else queryset


def restricted_collection_ids(request):
    """Collections (and everything below them) this request may not view, once per request."""
    if not hasattr(request, "_restricted_collection_ids"):
        request._restricted_collection_ids = get_restricted_collection_ids(request)
    return request._restricted_collection_ids
