"""Keeps `models.PageVisibility` true to Wagtail's signals, for the change feed: a page that
stops being public (unpublished, deleted, restricted, moved below a hidden or restricted
page) gets a removal; one whose detail changes without a publish of its own (public again
when a restriction is lifted or its parent republished; moved; its parent's title
changed; an ancestor's slug changed, so its `html_url`) a `public` record, so the feed
gives it again. Records older than the retention are dropped as new ones are written, so
the table stays bounded.

Visibility is judged for the site whose tree holds the page (`guide.sites.site_of_page`), as
an anonymous client of that site sees it, and the record names that site: each site's feed
tells of its own pages only.

Pages that expire are not recorded: the feed reads `expire_at` itself, since an expiry
takes effect before any signal (`publish_scheduled` unpublishes later)."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from guide.sites import site_of_page

DISPATCH_UID = "frontend_api.page_changes"
#: deeper than any page tree
MAX_DEPTH = 10_000


def retention():
    """How long the feed remembers a removal (`CHANGES_RETENTION_DAYS`)."""
    return datetime.timedelta(days=settings.CHANGES_RETENTION_DAYS)


def anonymous_request(site):
    """An anonymous client of `site`, for the signals, which have no request."""
    request = HttpRequest()
    request.META = {"SERVER_NAME": site.hostname, "SERVER_PORT": str(site.port)}
    request._wagtail_site = site  # as `Site.find_for_request` would find it
    request.user = AnonymousUser()
    request.session = {}
    return request


def page_type(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return f"{model._meta.app_label}.{model.__name__}" if model else "wagtailcore.Page"


def reconcile(root, may_remove, hides_subtree=False, touched_depth=None):
    """Record every page of `root`'s subtree whose visibility differs from its last record
    (no record: public, if it is live), and give again the public pages down to
    `touched_depth` below the root, whose details changed with it (`meta.parent` shows the
    parent's title, `html_url` the path). `may_remove` is False where the change cannot
    hide anything (a publish, a lifted restriction), which spares the queries when there is
    nothing to do; `hides_subtree` where it hides all of it (an unpublish, which may not be
    saved yet: Wagtail unpublishes a page it is about to delete without saving it)."""
    from frontend_api.models import PageVisibility
    from guide.public import public_pages  # (not at import: it loads models)

    subtree = Q(path__startswith=root.path)
    removed = PageVisibility.objects.filter(
        public=False, page_id__in=Page.objects.filter(subtree).values("pk")
    )
    if not may_remove and touched_depth is None and not removed.exists():
        return
    rows = Page.objects.filter(subtree).values_list(
        "pk", "translation_key", "locale__language_code", "content_type_id", "live", "depth"
    )
    site = site_of_page(root)
    shown = set()
    if not hides_subtree and site is not None:  # outside every site's tree nothing shows
        public = public_pages(anonymous_request(site))
        shown = set(public.filter(subtree).values_list("pk", flat=True))
    hidden = set(removed.values_list("page_id", flat=True))
    deepest_touched = root.depth + touched_depth if touched_depth is not None else -1
    changes = []
    for pk, translation_key, language_code, content_type_id, live, depth in rows:
        record = (pk, translation_key, language_code, content_type_id)
        if pk in shown and (pk in hidden or depth <= deepest_touched):
            changes.append((*record, True))
        elif pk not in shown and pk not in hidden and may_remove and (live or pk == root.pk):
            changes.append((*record, False))
    write(changes, site)


def write(changes, site):
    """Replace the records of these pages of `site`: (id, translation key, language, content
    type id, public) each."""
    from frontend_api.models import PageVisibility

    now = timezone.now()
    PageVisibility.objects.filter(changed_at__lt=now - retention()).delete()
    if not changes:
        return
    PageVisibility.objects.filter(page_id__in=[change[0] for change in changes]).delete()
    PageVisibility.objects.bulk_create(
        PageVisibility(
            page_id=pk,
            translation_key=translation_key,
            language_code=language_code,
            page_type=page_type(content_type_id),
            public=public,
            changed_at=now,
            site=site,
        )
        for pk, translation_key, language_code, content_type_id, public in changes
    )


# -- the signal handlers ------------------------------------------------------------------


def published(sender, instance, **kwargs):
    # its children show its title (`meta.parent`)
    reconcile(instance, may_remove=False, touched_depth=1 if instance.numchild else None)


def slug_changed(sender, instance, **kwargs):
    # every page below has a new address (`html_url`), however deep
    reconcile(instance, may_remove=False, touched_depth=MAX_DEPTH)


def unpublished(sender, instance, **kwargs):
    reconcile(instance, may_remove=True, hides_subtree=True)


def moved(sender, instance, **kwargs):
    """Below a hidden or restricted page now, or no longer; elsewhere in any case (a new
    parent and URL, for it and everything below it)."""
    reconcile(instance, may_remove=True, touched_depth=MAX_DEPTH)


def deleted(sender, instance, **kwargs):
    # Each page of a deleted subtree comes here (Django's collector sends pre_delete for
    # every row it deletes), before the rows are gone.
    if isinstance(instance, Page):
        write(
            [
                (
                    instance.pk,
                    instance.translation_key,
                    instance.locale.language_code,
                    instance.content_type_id,
                    False,
                )
            ],
            site_of_page(instance),
        )


def restriction_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reconcile(instance.page, may_remove=True)


def restriction_deleted(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()  # gone when its page is deleted
    if page is not None:
        reconcile(page, may_remove=False)


def connect():
    page_published.connect(published, dispatch_uid=f"{DISPATCH_UID}.published")
    page_unpublished.connect(unpublished, dispatch_uid=f"{DISPATCH_UID}.unpublished")
    post_page_move.connect(moved, dispatch_uid=f"{DISPATCH_UID}.moved")
    page_slug_changed.connect(slug_changed, dispatch_uid=f"{DISPATCH_UID}.slug")
    pre_delete.connect(deleted, dispatch_uid=f"{DISPATCH_UID}.deleted")
    post_save.connect(
        restriction_saved, sender=PageViewRestriction, dispatch_uid=f"{DISPATCH_UID}.restricted"
    )
    post_delete.connect(
        restriction_deleted, sender=PageViewRestriction, dispatch_uid=f"{DISPATCH_UID}.lifted"
    )
