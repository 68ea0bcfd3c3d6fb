from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.models import Page

from communities import admin_visibility
from communities.models import CommunityPage
from communities.permissions import can_manage_communities, managed_communities
from communities.views.members import CommunityListView, MembersView


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("communities/", CommunityListView.as_view(), name="communities_list"),
        path(
            "communities/<int:page_id>/members/",
            MembersView.as_view(),
            name="communities_members",
        ),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_communities(request.user)


@hooks.register("register_admin_menu_item")
def register_communities_menu_item():
    return CoordinatorMenuItem(
        _("Communities"), reverse("communities_list"), icon_name="group", order=250
    )


@hooks.register("register_page_header_buttons")
def members_button(page, user, view_name, next_url=None):
    if (
        page.specific_class is CommunityPage
        and managed_communities(user).filter(pk=page.pk).exists()
    ):
        yield Button(
            _("Members"),
            reverse("communities_members", args=[page.pk]),
            icon_name="group",
            priority=40,
        )


def _refuse_unless_parent_editor(request, page):
    """A community section is created, moved and removed by coordinators only: not even
    its own (trusted) editors may delete or move the room they edit in."""
    if page.specific_class is not CommunityPage:
        return
    if not page.get_parent().permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied


@hooks.register("before_delete_page")
def guard_community_delete(request, page):
    _refuse_unless_parent_editor(request, page)


@hooks.register("before_move_page")
def guard_move(request, page, destination):
    # Wagtail checks the destination only when the move is posted; its confirmation page
    # would otherwise show a page the user cannot move (and its draft title).
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
    _refuse_unless_parent_editor(request, page)


@hooks.register("before_bulk_action")
def guard_community_bulk_action(request, action_type, objects, action_class_instance):
    if action_type in ("delete", "move"):
        # the bulk delete of snippets runs the same hook
        for page in (obj for obj in objects if isinstance(obj, Page)):
            _refuse_unless_parent_editor(request, page)


# What the admin lists to whom: communities/admin_visibility.py
hooks.register("construct_explorer_page_queryset", admin_visibility.refuse_exploring_elsewhere)
hooks.register("construct_page_chooser_queryset", admin_visibility.limit_chooser)
hooks.register("construct_homepage_panels", admin_visibility.limit_dashboard_panels)
hooks.register("construct_homepage_summary_items", admin_visibility.limit_dashboard_summary)
hooks.register("construct_admin_api", admin_visibility.limit_admin_api, order=100)
