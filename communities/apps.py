from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")
    #: the rights the coordinators group holds in this app; `communities.access` grants
    #: every app's `coordinator_permissions` (their page and collection rights it sets itself)
    coordinator_permissions = (("communities", "manage_members"),)

    def ready(self):
        from communities import municipalities, signals  # noqa: F401  (connects the handlers)

        post_migrate.connect(municipalities.on_post_migrate, sender=self)
