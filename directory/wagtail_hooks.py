from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from directory.admin_views import SubmissionListView, SubmissionReviewView
from directory.models import Association, Practice
from directory.permissions import can_moderate_associations
from guide.admin_scoping import SiteScopedViewSet, scope_by_site

# each municipality's coordinators keep their own directory
scope_by_site(Association, Practice)


class AssociationViewSet(SiteScopedViewSet):
    model = Association
    icon = "group"
    menu_label = _("Associations")
    list_display = ["name", "community", "email", "confirmed_at", "reminded_at", "hidden"]
    list_export = ["name", "external_id", "email", "phone", "website", "address", "confirmed_at"]
    list_filter = ["hidden", "newcomer_friendly", "fee_free"]
    search_fields = ["name", "email", "external_id"]
    search_backend_name = None
    ordering = ["name"]


class PracticeViewSet(SiteScopedViewSet):
    model = Practice
    icon = "user"
    menu_label = _("Doctors")
    list_display = ["name", "address", "accepting_new_patients"]
    list_export = ["name", "doctors", "address", "phone", "website", "accepting_new_patients"]
    list_filter = ["accepting_new_patients"]
    search_fields = ["name", "address"]
    search_backend_name = None


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (AssociationViewSet, PracticeViewSet)
    menu_icon = "list-ul"
    menu_label = _("Directory")
    menu_name = "directory"
    menu_order = 260


register_snippet(DirectoryViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("directory/submissions/", SubmissionListView.as_view(), name="directory_submissions"),
        path(
            "directory/submissions/<int:pk>/",
            SubmissionReviewView.as_view(),
            name="directory_review",
        ),
    ]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate_associations(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModeratorMenuItem(
        _("Associations waiting"),
        reverse("directory_submissions"),
        icon_name="tasks",
        order=261,
    )
