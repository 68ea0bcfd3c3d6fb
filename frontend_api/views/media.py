"""`/api/v2/images/` and `/api/v2/documents/`: Wagtail's endpoints (which leave out restricted
collections) in the API's conventions, narrowed to the host's municipality (Wagtail serves
every site's: `visibility.of_site_collections`), and nested images that respect the same
restriction."""

from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.serializers import TagsField
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet

from frontend_api.fast_items import ShapedSerializer
from frontend_api.filters import FieldsFilter, SearchFilter
from frontend_api.views.conventions import ListingConventionsMixin
from frontend_api.visibility import of_site_collections, restricted_collection_ids


class PrefetchedTagsField(TagsField):
    """Tag names from the prefetched tags (Wagtail's field queries once per item)."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class VisibleImageSerializer(ShapedSerializer, ImageSerializer):
    """An image nested in a page (a hero image, a photo) is `null` when its collection is
    restricted, as it would be a 404 at its own endpoint."""

    tags = PrefetchedTagsField(read_only=True)

    def shown(self, instance):
        return instance.collection_id not in restricted_collection_ids(self.context["request"])


# our search: words only, whatever characters the text holds (Wagtail's hands a double
# quote to SQLite's full-text syntax)
FILTERS = [FieldsFilter, OrderingFilter, SearchFilter]


class ImagesEndpoint(ListingConventionsMixin, ImagesAPIViewSet):
    base_serializer_class = VisibleImageSerializer
    filter_backends = FILTERS

    def get_queryset(self):
        return of_site_collections(super().get_queryset(), self.site).prefetch_related("tags")


class PrefetchedTagsDocumentSerializer(DocumentSerializer):
    tags = PrefetchedTagsField(read_only=True)


class DocumentsEndpoint(ListingConventionsMixin, DocumentsAPIViewSet):
    base_serializer_class = PrefetchedTagsDocumentSerializer
    filter_backends = FILTERS

    def get_queryset(self):
        return of_site_collections(super().get_queryset(), self.site).prefetch_related("tags")
