"""Admin hooks that tie the apps together."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks

from cms import mail_report
from cms.dashboard import add_panels
from cms.staff_accounts import views as staff_accounts
from communities import municipality_admin

hooks.register("construct_homepage_panels", add_panels)
hooks.register("register_admin_urls", mail_report.admin_urls)
hooks.register("register_reports_menu_item", mail_report.menu_item)
hooks.register("register_admin_urls", staff_accounts.admin_urls)
hooks.register("register_account_menu_item", staff_accounts.account_menu_item)


@hooks.register("register_admin_viewset")
def register_municipalities():
    return municipality_admin.MunicipalityViewSet("municipalities")


# A page stays in its municipality's tree, whoever moves or copies it.
hooks.register("before_move_page", municipality_admin.refuse_crossing_move)
hooks.register("before_copy_page", municipality_admin.refuse_crossing_copy)
hooks.register("before_bulk_action", municipality_admin.refuse_crossing_bulk_move)
hooks.register("construct_admin_api", municipality_admin.border_admin_api)


# Ahead of Wagtail's own sites/delete/<pk>/ (the first path wins): a site whose rows remain
# is refused with a message, not a server error.
@hooks.register("register_admin_urls", order=-1)
def guard_site_delete():
    return [path("sites/delete/<int:pk>/", municipality_admin.guarded_site_delete_view())]


@hooks.register("construct_reports_menu")
def translate_the_translations_report_item(request, menu_items):
    """wagtail-localize names its report with a gettext evaluated once, in the language of
    the first request after start: name it in each reader's language instead."""
    url = reverse("wagtail_localize:translations_report")
    for item in menu_items:
        if item.url == url:
            item.label = gettext_lazy("Translations")
