from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from newcomers import admin_enquiries


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


hooks.register("register_log_actions", admin_enquiries.register_log_actions)
