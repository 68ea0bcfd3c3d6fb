"""The API's own records: what the change feed (`/api/v2/changes/`) needs to tell an app's
offline copy that a page stopped being public, or changed without a publish of its own.
(A publish needs no record: `last_published_at` says when.)"""

from django.db import models


class PageVisibility(models.Model):
    """The last change of a page the feed reports that is not a publish of its own:
    `public=False` since `changed_at` (unpublished, deleted, restricted, moved below a
    hidden page: a removal), or `public=True`, given again at `changed_at` (shown again, its
    restriction lifted or its parent republished; moved; its parent's title changed). Rows
    older than `CHANGES_RETENTION_DAYS` are dropped; a cursor older than that answers 410.
    `site`: the site whose tree held the page then, whose feed tells of it."""

    # not a foreign key: the record outlives the deleted page it tells about
    page_id = models.PositiveIntegerField(unique=True)
    translation_key = models.UUIDField(db_index=True)
    language_code = models.CharField(max_length=100)
    page_type = models.CharField(max_length=255)
    public = models.BooleanField()
    changed_at = models.DateTimeField(db_index=True)
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "page visibility change"

    def __str__(self):
        state = "shown" if self.public else "removed"
        return f"page {self.page_id} {state} at {self.changed_at:%Y-%m-%d %H:%M:%S}"
