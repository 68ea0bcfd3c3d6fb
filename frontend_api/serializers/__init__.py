"""Serialisers shared by the page-based endpoints."""

from django.urls import NoReverseMatch
from rest_framework.fields import Field
from wagtail.api.v2.serializers import PageSerializer

from frontend_api.fast_items import ShapedSerializer


class FallbackField(Field):
    """True when the page is Danish and stands in for a translation, in the language asked
    for, that may not be shown; the view knows whether localisation chose the page
    (`PagesEndpoint.is_fallback`)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return self.context["view"].is_fallback(page)


class RequestHtmlUrlField(Field):
    """The page's URL on the website, with its language's prefix (`/en/…`), with the site root
    paths read once per request (the stock field reads them from the cache once per item)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        try:
            return page.get_full_url(request=self.context["request"])
        except NoReverseMatch:  # as the stock field: a page without a route has no URL
            return None


class LocalisedPageSerializer(ShapedSerializer, PageSerializer):
    fallback = FallbackField(read_only=True)
    html_url = RequestHtmlUrlField(read_only=True)

    def finish(self, data):
        return self.context["audience"].filter_stream(data)
