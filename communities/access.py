"""Each community its own room: the one place that grants and withdraws rights.

A community's editors group may use the admin and add, change, lock and unlock its page and
everything below it, in every language (rights on the Danish page do not carry over to its
English and German copies), and add, change and choose images and documents in the
community's own collection. It never holds `publish` unless a coordinator trusts the
community: Wagtail offers *Publish* to whoever may publish, and that skips moderation.

The coordinators' room, a municipality's, is `communities.municipalities`.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from communities.models import CommunityAccess, CommunityPage
from guide.models import Municipality
from guide.sites import site_of_page

# Names of groups and collections are data: one language, not gettext.
COMMUNITIES_COLLECTION = "Communities"

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
TRUSTED_PAGE_PERMISSIONS = ("publish_page",)
COORDINATOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
)
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
COORDINATOR_COLLECTION_PERMISSIONS = (
    *EDITOR_COLLECTION_PERMISSIONS,
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
)
EDITOR_GLOBAL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("wagtail_localize", "submit_translation"),
)


def coordinator_permissions():
    """The global rights of the coordinators: the admin, translation, and those each app of
    ours declares on its `AppConfig.coordinator_permissions` (managing communities, the
    guide's snippets, the imported calendars, the directory)."""
    rights = list(EDITOR_GLOBAL_PERMISSIONS)
    for config in apps.get_app_configs():
        rights.extend(getattr(config, "coordinator_permissions", ()))
    return tuple(rights)


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def page_permissions(codenames):
    return Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)


def grant_global(group, permissions):
    group.permissions.add(*(_permission(app, codename) for app, codename in permissions))


def grant_collection(group, collection, permissions):
    for app, codename in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app, codename)
        )


def _community_title(translation_key):
    """The community's name as its source (first created) copy spells it."""
    page = Page.objects.filter(translation_key=translation_key).order_by("id").first()
    return page.title if page else ""


def _group_name(title, access):
    name = f"{title} editors"
    if Group.objects.filter(name=name).exclude(pk=access.group_id if access else None).exists():
        # two communities of the same name (in two sites, say) still get a group each
        name = f"{name} ({str(access.translation_key)[:8] if access else 'new'})"
    return name[:150]


def _communities_collection(page):
    """The collection the communities' collections are kept in: in the collection of the
    municipality whose tree `page` is in."""
    site = site_of_page(page)
    municipality = Municipality.objects.filter(site=site).first() if site else None
    parent = (municipality and municipality.collection) or Collection.get_first_root_node()
    existing = parent.get_children().filter(name=COMMUNITIES_COLLECTION).first()
    return existing or parent.add_child(name=COMMUNITIES_COLLECTION)


@transaction.atomic
def ensure_community_access(page):
    """Create or bring up to date the room of `page`'s community; idempotent."""
    title = _community_title(page.translation_key) or page.title
    access = CommunityAccess.objects.filter(translation_key=page.translation_key).first()
    if access is None:
        group = Group.objects.create(name=_group_name(title, None))
        collection = _communities_collection(page).add_child(name=title)
        access = CommunityAccess.objects.create(
            translation_key=page.translation_key, group=group, collection=collection
        )
        grant_global(group, EDITOR_GLOBAL_PERMISSIONS)
        grant_collection(group, collection, EDITOR_COLLECTION_PERMISSIONS)
    else:
        _rename(access, title)
    _grant_pages(access)
    return access


def _rename(access, title):
    name = _group_name(title, access)
    if access.group.name != name:
        access.group.name = name
        access.group.save(update_fields=["name"])
    if access.collection.name != title:
        access.collection.name = title
        access.collection.save(update_fields=["name"])


def _grant_pages(access):
    """Page rights on every copy of the community: the editor set, plus publish if trusted."""
    codenames = EDITOR_PAGE_PERMISSIONS + (TRUSTED_PAGE_PERMISSIONS if access.trusted else ())
    permissions = list(page_permissions(codenames))
    pages = list(Page.objects.filter(translation_key=access.translation_key))
    existing = set(
        GroupPagePermission.objects.filter(group=access.group).values_list(
            "page_id", "permission_id"
        )
    )
    wanted = {(page.pk, perm.pk) for page in pages for perm in permissions}
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=access.group, page_id=page_id, permission_id=perm_id)
        for page_id, perm_id in wanted - existing
    )
    # anything else (publish after trust is withdrawn, rights on pages no longer the
    # community's) goes, in one query
    stale = Q()
    for page_id, perm_id in existing - wanted:
        stale |= Q(page_id=page_id, permission_id=perm_id)
    if stale:
        GroupPagePermission.objects.filter(stale, group=access.group).delete()


@transaction.atomic
def set_trusted(access, trusted):
    access.trusted = trusted
    access.save(update_fields=["trusted"])
    _grant_pages(access)


@transaction.atomic
def remove_community_access(translation_key):
    """After a community's last copy is deleted: drop its group and every right it held.

    The collection stays (its images may be used elsewhere) for a coordinator to tidy up.
    """
    access = CommunityAccess.objects.filter(translation_key=translation_key).first()
    if access is not None and not Page.objects.filter(translation_key=translation_key).exists():
        group = access.group
        access.delete()
        group.delete()


def access_for(page):
    return CommunityAccess.objects.filter(translation_key=page.translation_key).first()


def community_of(page):
    """The community section `page` lies in (in its own language), or None."""
    return page.get_ancestors(inclusive=True).type(CommunityPage).specific().first()


def create_granted_permissions():
    """Our apps migrate before some whose permissions we grant: make sure those exist."""
    labels = {"wagtailcore"} | {
        app for app, _codename in (*coordinator_permissions(), *COORDINATOR_COLLECTION_PERMISSIONS)
    }
    for label in sorted(labels):
        create_permissions(apps.get_app_config(label), verbosity=0)
