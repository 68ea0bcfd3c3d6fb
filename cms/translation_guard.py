"""Per-object checks in front of wagtail-localize's translation views.

The stock views check only global permissions: `submit_translation`, and for a snippet the
model's change permission. So an editor could translate (and so create and publish copies of)
another community's page, and a coordinator another municipality's snippets. Here an object
may be submitted for translation, its translations updated or edited, and its rows listed to
the translation editor's chooser only by someone who may change it: for a page its page
permissions, for a snippet its model's permission policy (per site: guide/admin_scoping.py).

`urlpatterns` shadow localize's own routes (cms/urls.py mounts them first, on the same paths),
behind the admin's own login and permission handling.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import get_snippet_model_from_url_params
from wagtail.utils.urlpatterns import decorate_urlpatterns
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import edit_translation, snippets_api
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)
from wagtail_localize.views.update_translations import UpdateTranslationsView


def may_change(user, instance):
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    policy = policy_registry.get_by_type(type(instance))
    return policy.user_has_permission_for_instance(user, "change", instance)


def _require_change(user, instance):
    if not may_change(user, instance):
        raise PermissionDenied


class GuardedSubmitPageTranslationView(SubmitPageTranslationView):
    def dispatch(self, request, *args, **kwargs):
        _require_change(request.user, get_object_or_404(Page, id=kwargs["page_id"]))
        return super().dispatch(request, *args, **kwargs)


class GuardedSubmitSnippetTranslationView(SubmitSnippetTranslationView):
    def dispatch(self, request, *args, **kwargs):
        model = get_snippet_model_from_url_params(kwargs["app_label"], kwargs["model_name"])
        _require_change(request.user, get_object_or_404(model, pk=unquote(kwargs["pk"])))
        return super().dispatch(request, *args, **kwargs)


class GuardedUpdateTranslationsView(UpdateTranslationsView):
    def dispatch(self, request, *args, **kwargs):
        source = get_object_or_404(TranslationSource, id=kwargs["translation_source_id"])
        _require_change(request.user, source.get_source_instance())
        return super().dispatch(request, *args, **kwargs)


def guard_translation(view):
    """A view of one translation (its strings, PO file, machine translation, stopping it):
    for a snippet localize asks only the model's change permission."""

    @wraps(view)
    def guarded(request, translation_id, **kwargs):
        translation = get_object_or_404(Translation, id=translation_id)
        _require_change(request.user, translation.get_target_instance())
        return view(request, translation_id=translation_id, **kwargs)

    return guarded


class ChangeableSnippetsViewSet(snippets_api.SnippetViewSet):
    """The translation editor's snippet chooser lists (by title) the rows the user may
    change, not the model's whole table."""

    def get_queryset(self):
        model = self.get_model()
        policy = policy_registry.get_by_type(model)
        return policy.instances_user_has_permission_for(self.request.user, "change")


urlpatterns = [
    path(
        "submit/page/<int:page_id>/",
        GuardedSubmitPageTranslationView.as_view(),
        name="guarded_submit_page_translation",
    ),
    path(
        "submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
        GuardedSubmitSnippetTranslationView.as_view(),
        name="guarded_submit_snippet_translation",
    ),
    path(
        "update/<int:translation_source_id>/",
        GuardedUpdateTranslationsView.as_view(),
        name="guarded_update_translations",
    ),
    path(
        "translate/<int:translation_id>/strings/<int:string_segment_id>/edit/",
        guard_translation(edit_translation.edit_string_translation),
    ),
    path(
        "translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/",
        guard_translation(edit_translation.edit_override),
    ),
    path(
        "translate/<int:translation_id>/pofile/download/",
        guard_translation(edit_translation.download_pofile),
    ),
    path(
        "translate/<int:translation_id>/pofile/upload/",
        guard_translation(edit_translation.upload_pofile),
    ),
    path(
        "translate/<int:translation_id>/machine_translate/",
        guard_translation(edit_translation.machine_translate),
    ),
    path(
        "translate/<int:translation_id>/disable/",
        guard_translation(edit_translation.stop_translation),
    ),
    path(
        "api/snippets/<slug:app_label>/<slug:model_name>/",
        ChangeableSnippetsViewSet.as_view({"get": "list"}),
    ),
    path(
        "api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
        ChangeableSnippetsViewSet.as_view({"get": "retrieve"}),
    ),
]
urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
