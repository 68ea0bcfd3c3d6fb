"""Serialisers shared by the page-based endpoints."""

from django.urls import NoReverseMatch
from rest_framework.fields import Field
from wagtail.api.v2.serializers import PageSerializer


class FallbackField(Field):
    """True when the item stands in, in Danish, for a translation that does not exist."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page.locale.language_code != self.context["locale"]


class RequestHtmlUrlField(Field):
    """The page's URL on the website, with the site root paths read once per request (the
    stock field reads them from the cache once per item)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        try:
            return page.get_full_url(request=self.context["request"])
        except NoReverseMatch:  # as the stock field: a page without a route has no URL
            return None


class LocalisedPageSerializer(PageSerializer):
    fallback = FallbackField(read_only=True)
    html_url = RequestHtmlUrlField(read_only=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return self.context["audience"].filter_stream(data)
