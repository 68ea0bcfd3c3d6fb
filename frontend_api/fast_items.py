"""Listing items without a serializer per item.

DRF and Wagtail build a nested serializer, and all its fields, for every related object of
every item (an image, a photo, an ambassador): on a listing that is most of the time spent.
`representer(serializer)` reads a serializer once per request into one function per field
(which attribute, which conversion, which nested representer) and returns a function that
builds an item's dict from its prefetched rows: the same JSON as
`serializer.to_representation(item)`, keys in the same order. The serializers stay what the
OpenAPI document describes; a serializer whose `to_representation` is its own is called as
it is.
"""

import re
from urllib.parse import quote

from django.conf import settings
from django.db.models.manager import BaseManager
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from rest_framework import fields as drf_fields
from rest_framework import serializers as drf_serializers
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.coreutils import WAGTAIL_APPEND_SLASH, get_supported_content_language_variant
from wagtail.urls import serve_pattern

# a pk no row has, reversed once per model to find the detail URL around the pk
_SENTINEL_PK = 987_654_321
# a page path no page has (a slug of ASCII letters: quoting leaves it as it is)
_SENTINEL_PATH = "velkomstsentinelpath/"
_SERVE_PATH = re.compile(serve_pattern)


class ShapedSerializer:
    """A Wagtail serializer that may leave an item out (`shown`) or change its stock
    representation (`finish`); the fast path calls the same two methods."""

    def shown(self, instance):
        return True

    def finish(self, data):
        return data

    def to_representation(self, instance):
        if not self.shown(instance):
            return None
        return self.finish(super().to_representation(instance))


SHAPED = ShapedSerializer.to_representation


class DetailUrls:
    """`get_object_detail_url` of one request, with the URL around the pk reversed once per
    model."""

    def __init__(self, router, request):
        self.router, self.request = router, request
        self.templates = {}

    def __call__(self, model, pk):
        if model not in self.templates:
            url = get_object_detail_url(self.router, self.request, model, _SENTINEL_PK)
            parts = None if url is None else url.split(str(_SENTINEL_PK))
            self.templates[model] = parts if parts is None or len(parts) == 2 else False
        parts = self.templates[model]
        if parts is None:
            return None
        if parts is False:  # the sentinel is not alone in the URL: reverse each time
            return get_object_detail_url(self.router, self.request, model, pk)
        return f"{parts[0]}{pk}{parts[1]}"


def absolute_url(request, name, pk):
    """`request.build_absolute_uri(reverse(name, args=[pk]))`, reversed once per request
    and route name."""
    request = getattr(request, "_request", request)
    templates = request.__dict__.setdefault("_absolute_url_templates", {})
    if name not in templates:
        url = request.build_absolute_uri(reverse(name, args=[_SENTINEL_PK]))
        parts = url.split(str(_SENTINEL_PK))
        templates[name] = parts if len(parts) == 2 else None
    parts = templates[name]
    if parts is None:  # the sentinel is not alone in the URL: reverse each time
        return request.build_absolute_uri(reverse(name, args=[pk]))
    return f"{parts[0]}{pk}{parts[1]}"


def page_full_url(page, request):
    """`page.get_full_url(request=request)`, with `wagtail_serve` reversed once per request,
    site and language: Wagtail reverses it (in the page's language) for every page. A page
    of more than one site, or a path the route would not take, goes Wagtail's way."""
    sites = page._get_relevant_site_root_paths(request)
    if len({site[0] for site in sites}) != 1 or not WAGTAIL_APPEND_SLASH:
        return page.get_full_url(request=request)
    _site_id, root_path, root_url, language = sites[0]
    path = page.url_path[len(root_path) :]
    if not _SERVE_PATH.match(path):
        return page.get_full_url(request=request)
    i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    if i18n:  # as Wagtail: the active language where it is a variant of the page's
        try:
            if get_supported_content_language_variant(translation.get_language()) == language:
                language = translation.get_language()
        except LookupError:
            pass
    cache = getattr(request, "_request", request)
    templates = cache.__dict__.setdefault("_page_url_templates", {})
    key = (root_url, language if i18n else None)
    if key not in templates:
        try:
            with translation.override(language if i18n else translation.get_language()):
                url = reverse("wagtail_serve", args=(_SENTINEL_PATH,))
        except NoReverseMatch:
            url = ""
        parts = url.split(_SENTINEL_PATH)
        templates[key] = parts if len(parts) == 2 else None
    parts = templates[key]
    if parts is None:
        return page.get_full_url(request=request)
    # `reverse` quotes the whole path so: each character on its own
    return f"{root_url}{parts[0]}{quote(path, safe=RFC3986_SUBDELIMS + '/~:@')}{parts[1]}"


def detail_url(context, model, pk):
    """A detail URL for a serializer: the request's `DetailUrls` lives in the serializer
    context, which nested serializers share."""
    if "_detail_urls" not in context:
        context["_detail_urls"] = DetailUrls(context["router"], context["request"])
    return context["_detail_urls"](model, pk)


def representer(serializer):
    """A function of an item equal to `serializer.to_representation`."""
    if isinstance(serializer, drf_serializers.ListSerializer):
        one = representer(serializer.child)
        return lambda value: [one(item) for item in _iterable(value)]
    method = type(serializer).to_representation
    if method is drf_serializers.Serializer.to_representation:
        return _plain(serializer)
    if method in (wagtail_serializers.BaseSerializer.to_representation, SHAPED):
        return _wagtail(serializer)
    return serializer.to_representation


def _iterable(value):
    return value.all() if isinstance(value, BaseManager) else value


def _plain(serializer):
    readers = [(field.field_name, _reader(field)) for field in serializer._readable_fields]

    def represent(instance):
        data = {}
        for name, read in readers:
            try:
                data[name] = read(instance)
            except drf_fields.SkipField:
                continue
        return data

    return represent


def _wagtail(serializer):
    """Wagtail's `BaseSerializer.to_representation`: `id` first, then `meta` (when any of
    its fields is there), then the other fields."""
    fields = [field for field in serializer.fields.values() if not field.write_only]
    if any(field.field_name == "admin_display_title" for field in fields):
        return serializer.to_representation  # reads the specific page: not worth a path
    meta = [(f.field_name, _reader(f)) for f in fields if f.field_name in serializer.meta_fields]
    core = [
        (f.field_name, _reader(f)) for f in fields if f.field_name not in serializer.meta_fields
    ]
    has_id = any(name == "id" for name, _read in core)
    shaped = isinstance(serializer, ShapedSerializer)

    def represent(instance):
        if shaped and not serializer.shown(instance):
            return None
        data = {"id": None} if has_id else {}
        item_meta = {}
        for name, read in meta:
            try:
                item_meta[name] = read(instance)
            except drf_fields.SkipField:
                continue
        if item_meta:
            data["meta"] = item_meta
        for name, read in core:
            try:
                data[name] = read(instance)
            except drf_fields.SkipField:
                continue
        return serializer.finish(data) if shaped else data

    return represent


def _reader(field):
    """A function of an item giving the field's value, as the serializers do: the
    attribute, None as None, else its representation; SkipField leaves the key out."""
    special = _special_reader(field)
    if special is not None:
        return special
    get = field.get_attribute
    represent = _value_representer(field)

    def read(instance):
        value = get(instance)
        return None if value is None else represent(value)

    return read


def _special_reader(field):
    """Wagtail's meta fields that would reverse a URL or note a type per item."""
    kind = type(field)
    if kind is wagtail_serializers.DetailUrlField:
        context = field.context

        def read_detail_url(instance):
            url = detail_url(context, type(instance), instance.pk)
            if not url:
                raise drf_fields.SkipField
            return url

        return read_detail_url
    if kind is wagtail_serializers.TypeField:
        seen = field.context["view"].seen_types

        def read_type(instance):
            model = type(instance)
            name = f"{model._meta.app_label}.{model.__name__}"
            seen[name] = model
            return name

        return read_type
    if kind is wagtail_serializers.PageLocaleField:
        return lambda page: page.locale.language_code
    return None


def _value_representer(field):
    """The conversion of a non-null attribute: nested serializers read once, plain text and
    whole numbers without a method call, anything else by the field itself."""
    if isinstance(field, drf_serializers.BaseSerializer):
        return representer(field)
    if isinstance(field, wagtail_serializers.RelatedField):
        return representer(field.serializer_class(context=field.context))
    if isinstance(field, wagtail_serializers.ChildRelationField):
        one = representer(field.serializer_class(context=field.context))
        return lambda value: [one(child) for child in value.all()]
    method = type(field).to_representation
    if method is drf_fields.CharField.to_representation:
        return str
    if method is drf_fields.IntegerField.to_representation:
        return int
    return field.to_representation
