from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = _("Newcomer guide")
    #: the rights the coordinators group holds here (granted by `communities.access`): the
    #: guide's snippets, the culture guide, contacts and useful links
    coordinator_permissions = tuple(
        ("guide", f"{action}_{model}")
        for model in ("culturenote", "contact", "usefullink")
        for action in ("add", "change", "delete")
    )

    def ready(self):
        from guide import tree_paths

        tree_paths.register()
