"""Two indexes on Wagtail's page table for what an anonymous client may see
(`guide.public.public_pages`), so that its cost stays flat as the page tree grows:

- `guide_page_hidden_parents` (numchild, live, expire_at, path): the sections hidden by an
  unpublished or expired page are found among the pages with children, in the index alone,
  not by reading every page;
- `guide_page_public` (locale_id, live, path, expire_at): a listing's count of one
  language's visible pages reads the index alone, not each page's row.

Wagtail's model is not ours, so the indexes are SQL (the same on SQLite and PostgreSQL) and
not in the model's state."""

from django.db import migrations

INDEXES = {
    "guide_page_hidden_parents": "numchild, live, expire_at, path",
    "guide_page_public": "locale_id, live, path, expire_at",
}


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0004_municipalities"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page ({columns})",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
