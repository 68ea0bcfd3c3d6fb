"""A municipality as `/api/v2/municipalities/` serves it: what its website shows of it."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from frontend_api.serializers.guide import PublicImageField
from frontend_api.serializers.items import ItemSerializer

LANGUAGES = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


class HomeLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The page's id at `/api/v2/pages/<id>/`.")
    html_url = serializers.CharField(allow_null=True, help_text="The page on the website.")


@extend_schema_field(HomeLinkSerializer(allow_null=True))
class HomeField(serializers.Field):
    """The municipality's home page in the asked language where it is translated, else in
    its default language; null when no copy may be shown. `MunicipalitiesEndpoint.prepare`
    finds it."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, municipality):
        return municipality

    def to_representation(self, municipality):
        page = municipality.home
        if page is None:
            return None
        return {"id": page.pk, "html_url": page.get_full_url(request=self.context["request"])}


class MunicipalitySerializer(ItemSerializer):
    name = serializers.CharField()
    languages = serializers.ListField(
        child=serializers.ChoiceField(LANGUAGES), help_text="The languages its pages are in."
    )
    default_language = serializers.ChoiceField(
        LANGUAGES, help_text="The language its pages are written in first."
    )
    email = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    website = serializers.CharField(help_text="The municipality's own website.")
    colour = serializers.CharField(help_text="The website's main colour, `#rrggbb`.")
    logo = PublicImageField(allow_null=True)
    home = HomeField()
