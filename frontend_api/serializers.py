"""Serialisers shared by the page-based endpoints."""

from rest_framework.fields import Field
from wagtail.api.v2.serializers import PageSerializer


class FallbackField(Field):
    """True when the item stands in, in Danish, for a translation that does not exist."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page.locale.language_code != self.context["locale"]


class LocalisedPageSerializer(PageSerializer):
    fallback = FallbackField(read_only=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return self.context["audience"].filter_stream(data)
