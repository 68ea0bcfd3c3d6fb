from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewcomersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newcomers"
    verbose_name = _("Newcomers")
