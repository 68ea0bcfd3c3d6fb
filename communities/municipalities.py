"""Each municipality its own house: the room its coordinators work in, kept in step with its
site.

A municipality's coordinators group holds the coordinators' rights on its tree only (every
copy of its site's root page, so every language), on its own collection, and the global
rights each app declares (`access.coordinator_permissions`; the admin narrows those to the
group's site with `guide.sites.administered_sites`). Its approval workflow is attached to
every copy of its root page. `ensure_municipality` is idempotent and runs on every save of a
site and of a copy of a site's root page, and after `migrate` for every site.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from communities import access
from guide.models import HomePage, Municipality

# Names of groups, collections and workflows are data: one language, not gettext. A
# deployment made before municipalities had one group and workflow of these names; the first
# municipality adopts them.
LEGACY_COORDINATORS = "Coordinators"
LEGACY_WORKFLOW = "Coordinator approval"
LEGACY_TASK = "Coordinator review"


def _names(name):
    return {
        "group": f"{name} coordinators"[:150],
        "workflow": f"{name}: coordinator approval"[:255],
        "task": f"{name}: coordinator review"[:255],
        "collection": name[:255],
    }


def _unowned(model, name, owned_by):
    """A legacy object of that name no municipality has adopted yet."""
    owned = Municipality.objects.exclude(**{f"{owned_by}": None}).values(owned_by)
    return model.objects.filter(name=name).exclude(pk__in=owned).first()


def _unique_group_name(name, group):
    taken = Group.objects.filter(name=name).exclude(pk=group.pk if group else None)
    return f"{name} ({group.pk if group else 'new'})"[:150] if taken.exists() else name


@transaction.atomic
def ensure_municipality(site):
    """Create or bring up to date `site`'s municipality and its room; returns it."""
    municipality = Municipality.objects.filter(site=site).first()
    if municipality is None:
        municipality = Municipality.objects.create(
            site=site,
            name=site.site_name or site.hostname,
            languages=[code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES],
            default_language=settings.LANGUAGE_CODE,
        )
    elif site.site_name and site.site_name != municipality.name:
        municipality.name = site.site_name  # renamed in Wagtail's sites admin
    if site.site_name != municipality.name:
        Site.objects.filter(pk=site.pk).update(site_name=municipality.name)
        site.site_name = municipality.name
    names = _names(municipality.name)
    _ensure_group(municipality, names)
    _ensure_collection(municipality, names)
    _ensure_workflow(municipality, names)
    municipality.save()
    roots = list(Page.objects.filter(translation_key=site.root_page.translation_key))
    _grant_pages(municipality.coordinators, roots)
    _attach_workflow(municipality.workflow, roots)
    return municipality


def _ensure_group(municipality, names):
    group = municipality.coordinators or _unowned(Group, LEGACY_COORDINATORS, "coordinators")
    if group is None:
        group = Group.objects.create(name=_unique_group_name(names["group"], None))
    else:
        wanted = _unique_group_name(names["group"], group)
        if group.name != wanted:
            group.name = wanted
            group.save(update_fields=["name"])
    municipality.coordinators = group
    access.grant_global(group, access.coordinator_permissions())


def _ensure_collection(municipality, names):
    collection = municipality.collection
    adopting = collection is None and not Municipality.objects.exclude(collection=None).exists()
    root = Collection.get_first_root_node()
    if collection is None:
        collection = root.add_child(name=names["collection"])
    elif collection.name != names["collection"]:
        collection.name = names["collection"]
        collection.save(update_fields=["name"])
    municipality.collection = collection
    if adopting:
        _adopt_root_collection(root, collection)
    group = municipality.coordinators
    access.grant_collection(group, collection, access.COORDINATOR_COLLECTION_PERMISSIONS)
    GroupCollectionPermission.objects.filter(group=group).exclude(collection=collection).delete()


def _adopt_root_collection(root, collection):
    """The first municipality takes what a deployment without municipalities kept at the top:
    images, documents and the communities' collections (only then does its coordinators'
    right on its own collection cover them)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    for model in (get_image_model(), get_document_model()):
        model.objects.filter(collection=root).update(collection=collection)
    for child in root.get_children().exclude(pk=collection.pk):
        if not Municipality.objects.filter(collection=child).exists():
            child.move(collection, pos="sorted-child")
            collection.refresh_from_db()


def _ensure_workflow(municipality, names):
    workflow = municipality.workflow or _unowned(Workflow, LEGACY_WORKFLOW, "workflow")
    if workflow is None:
        workflow = Workflow.objects.create(name=names["workflow"])
    elif workflow.name != names["workflow"]:
        workflow.name = names["workflow"]
        workflow.save(update_fields=["name"])
    municipality.workflow = workflow
    step = WorkflowTask.objects.filter(workflow=workflow).select_related("task").first()
    task = step.task.specific if step else None
    if task is None:
        task = GroupApprovalTask.objects.create(name=names["task"])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    elif task.name != names["task"]:
        task.name = names["task"]
        task.save(update_fields=["name"])
    task.groups.set([municipality.coordinators])


def _grant_pages(group, roots):
    """The coordinators' page rights on every copy of the site's root page, and nowhere
    else (a site moved to another root page takes them along)."""
    permissions = list(access.page_permissions(access.COORDINATOR_PAGE_PERMISSIONS))
    for page in roots:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    GroupPagePermission.objects.filter(group=group).exclude(page__in=roots).delete()


def _attach_workflow(workflow, roots):
    for page in roots:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    WorkflowPage.objects.filter(workflow=workflow).exclude(page__in=roots).delete()


def coordinators_group(site=None):
    """The coordinators group of `site`'s municipality (the default site's by default)."""
    site = site or Site.objects.filter(is_default_site=True).first()
    return ensure_municipality(site).coordinators


def municipality_roots_changed(page):
    """After a copy of some site's root page is saved: its municipality's rights and
    workflow cover the new copy too."""
    for site in Site.objects.filter(root_page__translation_key=page.translation_key):
        ensure_municipality(site)


@transaction.atomic
def create_municipality(municipality, hostname, port=80, user=None):
    """Provision `municipality` (unsaved: its name, languages and details), all or nothing:
    its site, its home page in its default language right below the tree root with a
    published copy in each of its other languages, and its room."""
    root = Page.get_first_root_node()
    home = HomePage(
        title=municipality.name,
        slug=find_available_slug(root, slugify(municipality.name, allow_unicode=True) or "home"),
        locale=_locale(municipality.default_language),
    )
    root.add_child(instance=home)
    home.save_revision(user=user).publish(user=user)
    site = Site.objects.create(
        hostname=hostname, port=port, root_page=home, site_name=municipality.name
    )
    # saving the site made its municipality and room (signals): the row takes the details
    provisioned = Municipality.objects.get(site=site)
    municipality.pk, municipality.site = provisioned.pk, site
    municipality.coordinators = provisioned.coordinators
    municipality.collection = provisioned.collection
    municipality.workflow = provisioned.workflow
    return update_municipality(municipality, hostname, port, user=user)


@transaction.atomic
def update_municipality(municipality, hostname, port, user=None):
    """Save `municipality` with its site's address, its name on the site and its room, and
    a home page copy in each of its languages that has none yet."""
    municipality.save()
    site = municipality.site
    site.hostname, site.port, site.site_name = hostname, port, municipality.name
    site.save()
    home = site.root_page
    present = set(
        Page.objects.filter(translation_key=home.translation_key).values_list(
            "locale__language_code", flat=True
        )
    )
    for code in municipality.languages:
        if code not in present:
            copy = home.copy_for_translation(_locale(code), copy_parents=True)
            copy.save_revision(user=user).publish(user=user)
    return ensure_municipality(site)


def _locale(code):
    return Locale.objects.get_or_create(language_code=code)[0]


def ensure_municipalities():
    for site in Site.objects.select_related("root_page"):
        ensure_municipality(site)


def on_post_migrate(**kwargs):
    access.create_granted_permissions()
    ensure_municipalities()
