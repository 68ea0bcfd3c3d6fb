"""Walking the models of our apps and their links to a newcomer's account."""

from django.apps import apps
from django.db import models

from newcomers.models import Account

OUR_APPS = ("guide", "communities", "events", "directory", "newcomers", "frontend_api", "cms")


def our_models():
    return [model for label in OUR_APPS for model in apps.get_app_config(label).get_models()]


def lookups_to_account(model, seen=()):
    """Every lookup from `model` through foreign keys (or one-to-one, many-to-many) to
    Account, e.g. "account" or "enquiry__account"; "pk" for Account itself."""
    if model is Account:
        return ["pk"]
    found = []
    for field in model._meta.get_fields():
        target = field.related_model if field.is_relation and not field.auto_created else None
        if not isinstance(target, type) or not issubclass(target, models.Model):
            continue
        if target is Account:
            found.append(field.name)
        elif target not in seen and target._meta.app_label in OUR_APPS:
            found += [
                f"{field.name}__{rest}" for rest in lookups_to_account(target, (*seen, model))
            ]
    return found
