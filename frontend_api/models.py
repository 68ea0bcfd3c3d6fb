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


class RowChange(models.Model):
    """The last change of a row the feed gives beside the pages (an association, a guide
    snippet, an imported event: `kind`, the area's name in `views.changes.AREAS`), written
    in the transaction of the change (`row_changes`): `public=False` since `changed_at`
    (deleted, hidden: a removal), else saved or touched at `changed_at` (given again). One
    row per row changed and site (a row moved to another site: a removal in the site it
    left); removals are kept `CHANGES_RETENTION_DAYS` like `PageVisibility`'s, a public
    record as long as its row (it gives the row to a first download)."""

    kind = models.CharField(max_length=40)
    # not a foreign key: the record outlives the deleted row it tells about
    object_id = models.PositiveIntegerField()
    #: a snippet's language ("" for a row in several: an association)
    language_code = models.CharField(max_length=100, blank=True)
    public = models.BooleanField()
    changed_at = models.DateTimeField(db_index=True)
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "row change"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "site"], name="one_change_per_row_and_site"
            )
        ]
        indexes = [models.Index(fields=["site", "changed_at"], name="row_changes_of_site")]

    def __str__(self):
        state = "changed" if self.public else "removed"
        return f"{self.kind} {self.object_id} {state} at {self.changed_at:%Y-%m-%d %H:%M:%S}"
