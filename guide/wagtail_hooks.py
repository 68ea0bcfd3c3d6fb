"""The guide's snippets in the admin: the culture guide, contacts and useful links, in one
menu. They are TranslatableMixin models, so wagtail-localize offers *Translate* on each.

Editing them takes the model permissions (add/change/delete on the snippet), which only the
coordinators hold: community editors have none. Each municipality's coordinators see and
change their own municipality's only (`guide.admin_scoping`)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from guide import access_log
from guide.admin_scoping import SiteScopedDeleteBulkAction, SiteScopedViewSet, scope_by_site
from guide.models import Contact, CultureNote, UsefulLink

scope_by_site(Contact, CultureNote, UsefulLink)
# after Wagtail's own bulk delete, which it replaces for every site-scoped snippet
hooks.register("register_bulk_action", SiteScopedDeleteBulkAction, order=1)


class CultureNoteViewSet(SiteScopedViewSet):
    model = CultureNote
    icon = "help"
    list_display = ["question", "sort_order", "locale"]
    list_export = ["question", "answer", "video_url", "sort_order", "locale"]
    search_fields = ["question", "answer"]


class ContactViewSet(SiteScopedViewSet):
    model = Contact
    icon = "user"
    list_display = ["name", "department", "international", "locale"]
    list_export = ["name", "role", "department", "email", "phone", "international", "locale"]
    list_filter = ["international"]


class UsefulLinkViewSet(SiteScopedViewSet):
    model = UsefulLink
    icon = "link"
    list_display = ["label", "group", "url", "sort_order", "locale"]
    list_export = list_display
    list_filter = ["group"]


class GuideViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Newcomer guide")
    menu_icon = "help"
    menu_order = 250
    items = (CultureNoteViewSet, ContactViewSet, UsefulLinkViewSet)


register_snippet(GuideViewSetGroup)

hooks.register("register_log_actions", access_log.register_log_actions)
