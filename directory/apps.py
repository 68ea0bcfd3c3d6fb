from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Associations directory")
    #: the rights the coordinators group holds here (granted by `communities.access`):
    #: moderation, the associations directory and the doctors' list
    coordinator_permissions = (
        ("directory", "moderate_associations"),
        *(
            ("directory", f"{action}_{model}")
            for model in ("association", "practice")
            for action in ("add", "change", "delete", "view")
        ),
    )
