"""`/api/v2/preview/?content_type=app.model&token=…`: the draft an editor is previewing, in
exactly the shape of the live detail endpoint — and only for a valid, unexpired signed token.

wagtail-headless-preview stores the draft and signs the token when the editor clicks
*Preview*; the client it opens calls this endpoint with both.
"""

from django.apps import apps
from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired
from django.http import Http404
from django.urls import path
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from wagtail.api.v2.utils import parse_fields_parameter
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin

from frontend_api.errors import ParameterError
from frontend_api.views.pages import PagesEndpoint


class PreviewTokenInvalid(APIException):
    status_code = 401
    default_detail = "a valid preview token is required"


class PreviewEndpoint(PagesEndpoint):
    name = "preview"
    known_query_parameters = frozenset(
        ["content_type", "token", "fields", "locale", "rich_text_format", "format"]
    )

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]

    def listing_view(self, request):
        self.check_query_parameters(Page.objects.none())
        page = self.get_object()
        return Response(self.get_serializer(page).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"  # a draft is never kept or shared
        if response.status_code == 401:
            response["WWW-Authenticate"] = 'Token realm="preview"'
        return response

    def preview_model(self):
        label = self.request.GET.get("content_type", "")
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            model = None
        if model is None or not issubclass(model, HeadlessPreviewMixin):
            raise Http404("no such previewable content type")
        return model

    def get_object(self):
        if hasattr(self, "_preview_page"):
            return self._preview_page
        token = self.request.GET.get("token")
        if not token:
            raise PreviewTokenInvalid("a preview token is required")
        model = self.preview_model()
        try:
            model.get_preview_signer().unsign(token, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
        except SignatureExpired as error:
            raise PreviewTokenInvalid("the preview token has expired") from error
        except BadSignature as error:
            raise PreviewTokenInvalid("the preview token is not valid") from error
        page = model.get_page_from_preview_token(token)
        if page is None:
            raise Http404("no preview for this token")
        self._preview_page = self.served_page = page
        return page

    def get_serializer_class(self):
        return self._get_serializer_class(
            self.request.wagtailapi_router,
            type(self.get_object()),
            self.fields_config(),
            show_details=True,
        )

    def fields_config(self):
        try:
            return parse_fields_parameter(self.request.GET.get("fields", ""))
        except ValueError as error:
            raise ParameterError("fields", str(error)) from error
