"""`/api/v2/communities/`: each community with its presentation, the public fields of its
ambassadors, its trial homes and links to its pages, localised like every page."""

from django.db.models import Q
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.models import Page

from communities.models import CommunityPage, TrialHomePage
from frontend_api import locales, prefetch
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
        return get_object_detail_url(
            self.context["router"], self.context["request"], page.specific_class, page.pk
        )


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


class CommunitiesEndpoint(PagesEndpoint):
    model = CommunityPage
    name = "communities"
    known_query_parameters = PagesEndpoint.known_query_parameters.difference(["type"])
    listing_default_fields = [
        *PagesEndpoint.listing_default_fields,
        "kind",
        "intro",
        "hero_image",
        "latitude",
        "longitude",
        "ambassadors",
        "trial_homes",
    ]

    @classmethod
    def get_body_fields(cls, model):
        return [
            *super().get_body_fields(model),
            APIField("trial_homes", serializer=TrialHomeSummarySerializer(many=True)),
            APIField("pages", serializer=PageLinkSerializer(many=True)),
        ]

    def get_queryset(self):
        return prefetch.for_api(
            CommunityPage.objects.filter(
                pk__in=self.get_base_queryset().values("pk")
            ).select_related("locale")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
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
        key_of_parent = dict(copies.values_list("path", "translation_key"))
        below = Q()
        for path in key_of_parent:
            below |= Q(path__startswith=path, depth=len(path) // Page.steplen + 1)
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
