from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

#: the group that moderates (a name shared with the communities' rights, which are data)
COORDINATORS = "Coordinators"
COORDINATOR_PERMISSIONS = (
    "moderate_associations",
    "add_association",
    "change_association",
    "delete_association",
    "view_association",
    "add_practice",
    "change_practice",
    "delete_practice",
    "view_practice",
)


def grant_coordinators(app_config, **kwargs):
    """Coordinators moderate the directory and keep the doctors' list; nobody else."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    create_permissions(app_config, verbosity=0)
    group, _created = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="directory", codename__in=COORDINATOR_PERMISSIONS
        )
    )


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Associations directory")

    def ready(self):
        post_migrate.connect(grant_coordinators, sender=self)
