"""Admin hooks that tie the apps together."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks

from cms.dashboard import add_panels

hooks.register("construct_homepage_panels", add_panels)


@hooks.register("construct_reports_menu")
def translate_the_translations_report_item(request, menu_items):
    """wagtail-localize names its report with a gettext evaluated once, in the language of
    the first request after start: name it in each reader's language instead."""
    url = reverse("wagtail_localize:translations_report")
    for item in menu_items:
        if item.url == url:
            item.label = gettext_lazy("Translations")
