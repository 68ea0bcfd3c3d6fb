"""Keep each community's room in step with its pages, however they are saved or deleted."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site

from communities import access, municipalities
from communities.models import CommunityPage


@receiver(post_save, sender=CommunityPage)
def community_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # a draft saved (Wagtail then writes only the revision's bookkeeping) changes neither the
    # name nor the copies the room is kept in step with
    if not raw and (update_fields is None or "title" in update_fields):
        access.ensure_community_access(instance)


# On the base Page: Django deletes a community's CommunityPage row before its Page row, and
# only once both are gone is the page really gone.
@receiver(post_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    access.remove_community_access(instance.translation_key)


@receiver(post_save, sender=Site)
def site_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        municipalities.ensure_municipality(instance)


@receiver(post_save)
def page_saved(sender, instance, raw=False, **kwargs):
    # a new language copy of a site's root page (they sit right below the tree root)
    if not raw and isinstance(instance, Page) and instance.depth == 2 and kwargs["created"]:
        municipalities.municipality_roots_changed(instance)
