"""`/api/v2/communities/`: each community with its presentation, the public fields of its
ambassadors, its trial homes and links to its pages, localised like every page.

A listing carries what a list of communities shows: `fields=*` gives every field but the
presentation (`body`), the trial homes (`trial_homes`) and the links to the community's
pages (`pages`), and the default fields leave them out too. A community's detail
(`/api/v2/communities/<id>/`) carries them, and a listing gives them when `fields` names
them (`fields=body,trial_homes,pages`, beside the default fields)."""

from django.db.models import Q
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter
from wagtail.models import Page

from communities.models import CommunityPage, TrialHomePage
from frontend_api import fast_items, locales, prefetch
from frontend_api.schema import catalogue
from frontend_api.serializers.items import DistanceField, LocationField
from frontend_api.views.pages import PagesEndpoint


class PageLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    type = serializers.SerializerMethodField()
    locale = serializers.CharField(source="locale.language_code")
    detail_url = serializers.SerializerMethodField()

    def get_type(self, page):
        return f"{page.specific_class._meta.app_label}.{page.specific_class.__name__}"

    def get_detail_url(self, page):
        return fast_items.detail_url(self.context, page.specific_class, page.pk)


class TrialHomeSummarySerializer(PageLinkSerializer):
    status = serializers.CharField()
    address = serializers.CharField()
    area = serializers.CharField()
    size_m2 = serializers.IntegerField()
    rooms = serializers.IntegerField(allow_null=True)
    rent_per_month = serializers.DecimalField(max_digits=9, decimal_places=2)
    available_from = serializers.DateField()
    available_to = serializers.DateField(allow_null=True)
    min_stay_months = serializers.IntegerField()
    max_stay_months = serializers.IntegerField()

    def get_type(self, page):
        return "communities.TrialHomePage"


class NearFilter(BaseFilterBackend):
    """`near=lat,lon&within_km=`: as on every endpoint with places (`catalogue.Near`)."""

    parameter = catalogue.Near()

    def filter_queryset(self, request, queryset, view):
        value = self.parameter.parse(request.GET)
        return queryset if value is None else self.parameter.apply(queryset, value, view)


class CommunitiesEndpoint(PagesEndpoint):
    model = CommunityPage
    name = "communities"
    known_query_parameters = PagesEndpoint.known_query_parameters.difference(["type"])
    extra_parameters = PagesEndpoint.extra_parameters | set(NearFilter.parameter.names)
    filter_backends = [*PagesEndpoint.filter_backends]
    filter_backends.insert(filter_backends.index(OrderingFilter), NearFilter)
    listing_default_fields = [
        *PagesEndpoint.listing_default_fields,
        "kind",
        "intro",
        "hero_image",
        "location",
        "ambassadors",
    ]

    #: what `fields=*` leaves out of a listing item (the detail carries them)
    listing_all_leaves_out = ("body", "trial_homes", "pages")

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        if not (show_details or nested) and fields_config and fields_config[0][0] == "*":
            # (Wagtail refuses names added after `*`: only `-name` may follow it)
            left_out = [(name, True, None) for name in cls.listing_all_leaves_out]
            fields_config = [fields_config[0], *left_out, *fields_config[1:]]
        return super()._get_serializer_class(router, model, fields_config, show_details, nested)

    @classmethod
    def get_body_fields(cls, model):
        # the coordinates are one `location`, as on every endpoint
        return [
            *(
                field
                for field in super().get_body_fields(model)
                if field.name not in ("latitude", "longitude")
            ),
            APIField("location", serializer=LocationField()),
            APIField("distance_km", serializer=DistanceField()),
            APIField("trial_homes", serializer=TrialHomeSummarySerializer(many=True)),
            APIField("pages", serializer=PageLinkSerializer(many=True)),
        ]

    def get_queryset(self):
        if not hasattr(self, "_queryset"):  # once per request, as the pages'
            self._queryset = prefetch.for_api(
                self.visible_pages(CommunityPage).select_related("locale")
            )
        return self._queryset.all()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if {"pages", "trial_homes"} & set(self.get_serializer_class().Meta.fields):
            self.attach_children(page)
        return page

    def get_object(self):
        community = super().get_object()
        self.attach_children([community])
        return community

    def attach_children(self, communities):
        """Give each community its visible child pages (`pages`) and trial homes in the
        asked language, in a fixed number of queries for the whole page of results."""
        if not communities:
            return
        copies = self.get_base_queryset().filter(
            translation_key__in=[c.translation_key for c in communities]
        )
        copies = list(copies.only("path", "depth", "translation_key"))
        key_of_parent = {copy.path: copy.translation_key for copy in copies}
        below = Q()
        for copy in copies:
            below |= Page.objects.child_of_q(copy)
        children = locales.localise(
            self.audience.filter_pages(self.get_base_queryset().filter(below)),
            self.locale_code,
            locales.wants_fallback(self.request),
        ).select_related("locale", "content_type")
        children = list(children.order_by("path"))
        homes = {
            home.pk: home
            for home in TrialHomePage.objects.filter(
                pk__in=[p.pk for p in children if p.specific_class is TrialHomePage]
            ).select_related("locale")
        }
        by_key = {}
        for child in children:
            by_key.setdefault(key_of_parent[child.path[: -Page.steplen]], []).append(child)
        for community in communities:
            mine = by_key.get(community.translation_key, [])
            community.pages = mine
            community.trial_homes = [homes[p.pk] for p in mine if p.pk in homes]
