"""The statistics series in the admin, each municipality's coordinators their own."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from figures.models import Series
from guide.admin_scoping import SiteScopedViewSet, scope_by_site

scope_by_site(Series)


class SeriesViewSet(SiteScopedViewSet):
    model = Series
    icon = "table"
    menu_label = _("Facts and figures")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["title", "slug", "unit", "sort_order"]
    search_fields = ["title", "slug"]
    search_backend_name = None
    ordering = ["sort_order", "pk"]


register_snippet(SeriesViewSet)
