"""The base of the newcomers' admin screens: Wagtail's page frame, with the screen's title in
the header's breadcrumbs (without it the header says only "Home")."""

from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin


class AdminScreen(WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]
