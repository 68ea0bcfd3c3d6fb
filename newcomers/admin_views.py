"""The base of the newcomers' admin screens: Wagtail's page frame, with the screen's title in
the header's breadcrumbs (without it the header says only "Home")."""

from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from guide.sites import administered_sites


def coordinates(user):
    """Whether `user` is a superuser or coordinates a municipality: asked by several menu
    items and views of one request, so answered once per user object."""
    if not hasattr(user, "_coordinates"):
        user._coordinates = user.is_active and (
            user.is_superuser or administered_sites(user).exists()
        )
    return user._coordinates


class AdminScreen(WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]
