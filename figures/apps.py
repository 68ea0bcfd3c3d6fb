from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("Facts and figures")
    #: the rights the coordinators group holds here (granted by `communities.access`)
    coordinator_permissions = tuple(
        ("figures", f"{action}_series") for action in ("add", "change", "delete", "view")
    )
