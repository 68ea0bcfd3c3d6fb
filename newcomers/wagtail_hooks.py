# The admin of each feature: its views, menu items and log actions.
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from newcomers import (
    admin_ambassadors,  # noqa: F401  (registers "New in our area" itself)
    admin_coupons,
    admin_dashboard,
    admin_enquiries,
    admin_invitations,
    admin_meetups,
    admin_mentors,
)

hooks.register("register_admin_urls", admin_meetups.admin_urls)
hooks.register("register_admin_menu_item", admin_meetups.menu_item)
hooks.register("register_log_actions", admin_meetups.register_log_actions)
hooks.register("register_admin_urls", lambda: admin_mentors.urlpatterns)
hooks.register("register_admin_menu_item", admin_mentors.menu_item)
hooks.register("register_log_actions", admin_enquiries.register_log_actions)
hooks.register("register_admin_urls", admin_dashboard.admin_urls)
hooks.register("register_admin_menu_item", admin_dashboard.menu_item)
hooks.register("construct_homepage_panels", admin_dashboard.add_summary_panel)
hooks.register("register_admin_urls", admin_invitations.admin_urls)
hooks.register("register_admin_menu_item", admin_invitations.menu_item)
hooks.register("register_log_actions", admin_invitations.register_log_actions)


@hooks.register("register_admin_urls")
def register_enquiry_urls():
    return [
        path("enquiries/", admin_enquiries.EnquiryListView.as_view(), name="newcomers_enquiries"),
        path(
            "enquiries/<int:pk>/",
            admin_enquiries.EnquiryDetailView.as_view(),
            name="newcomers_enquiry",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_enquiries_menu_item():
    return admin_enquiries.EnquiriesMenuItem(
        _("Enquiries"), reverse("newcomers_enquiries"), icon_name="help", order=262
    )


hooks.register("register_admin_urls", admin_coupons.admin_urls)
hooks.register("register_admin_menu_item", admin_coupons.menu_item)
hooks.register("register_log_actions", admin_coupons.register_log_actions)
