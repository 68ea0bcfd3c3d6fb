from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: the group that moderates and is told about stale entries (its name is data, shared with
#: communities.access, which grants its rights)
COORDINATORS = "Coordinators"


class DirectoryConfig(AppConfig):
    """Its coordinators' rights are granted with the others, in communities.access."""

    name = "directory"
    verbose_name = _("Associations directory")
