"""The guide's snippets in the admin: the culture guide, contacts and useful links, in one
menu. They are TranslatableMixin models, so wagtail-localize offers *Translate* on each.

Editing them takes the model permissions (add/change/delete on the snippet), which only the
coordinators hold: community editors have none."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from guide.models import Contact, CultureNote, UsefulLink


class CultureNoteViewSet(SnippetViewSet):
    model = CultureNote
    icon = "help"
    list_display = ["question", "sort_order", "locale"]
    search_fields = ["question", "answer"]


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "user"
    list_display = ["name", "department", "international", "locale"]
    list_filter = ["international"]


class UsefulLinkViewSet(SnippetViewSet):
    model = UsefulLink
    icon = "link"
    list_display = ["label", "group", "url", "sort_order", "locale"]
    list_filter = ["group"]


class GuideViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Newcomer guide")
    menu_icon = "help"
    menu_order = 250
    items = (CultureNoteViewSet, ContactViewSet, UsefulLinkViewSet)


register_snippet(GuideViewSetGroup)
