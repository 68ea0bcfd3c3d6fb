"""What an anonymous client may see: the pages (`guide.public`, which the guide's own
pages use too), the collections, and which images and documents are a site's."""

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef
from wagtail.api.v2.utils import get_restricted_collection_ids
from wagtail.models import Collection

from guide.models import Municipality
from guide.public import public_pages, public_pages_q

__all__ = ["public_pages", "public_pages_q", "restricted_collection_ids", "of_site_collections"]


def restricted_collection_ids(request):
    """Collections (and everything below them) this request may not view, once per request."""
    if not hasattr(request, "_restricted_collection_ids"):
        request._restricted_collection_ids = get_restricted_collection_ids(request)
    return request._restricted_collection_ids


def of_site_collections(queryset, site):
    """The images or documents of `queryset` that are `site`'s: in its municipality's
    collection or below; the default site's also those in no municipality's collection
    (the root's, and what was there before there were municipalities). In the same query."""
    above = Municipality.objects.annotate(
        below=ExpressionWrapper(OuterRef("path"), output_field=CharField())
    ).filter(collection__isnull=False, below__startswith=F("collection__path"))
    condition = Exists(above.filter(site=site))
    if site.is_default_site:
        condition |= ~Exists(above.exclude(site=site))
    return queryset.filter(collection__in=Collection.objects.filter(condition).values("pk"))
