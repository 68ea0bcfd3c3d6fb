"""What an anonymous client may see: the pages (`guide.public`, which the guide's own
pages use too) and the collections."""

from wagtail.api.v2.utils import get_restricted_collection_ids

from guide.public import public_pages

__all__ = ["public_pages", "restricted_collection_ids"]


def restricted_collection_ids(request):
    """Collections (and everything below them) this request may not view, once per request."""
    if not hasattr(request, "_restricted_collection_ids"):
        request._restricted_collection_ids = get_restricted_collection_ids(request)
    return request._restricted_collection_ids
