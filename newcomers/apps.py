from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewcomersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newcomers"
    verbose_name = _("Newcomers")
    #: the rights the coordinators group holds here (granted by `communities.access`)
    coordinator_permissions = (("newcomers", "match_mentors"),)
