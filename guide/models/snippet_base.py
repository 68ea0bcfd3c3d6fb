"""What the guide's snippets share: translated with wagtail-localize, kept in order, found
by the words of their texts."""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin

from guide.sites import SiteQuerySet, SiteScoped


class SnippetQuerySet(SiteQuerySet):
    def search(self, text):
        """Snippets with every word of `text` in one of their texts (`SEARCHED_FIELDS`), in
        any case; the words are plain text, whatever characters they hold."""
        queryset, fields = self, self.model.SEARCHED_FIELDS
        # PostgreSQL cannot hold a NUL in a string parameter
        for word in text.replace("\x00", " ").split():
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields))
            )
        return queryset


class GuideSnippet(TranslatableMixin, SiteScoped):
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    #: the texts `search` looks in
    SEARCHED_FIELDS = ()

    objects = SnippetQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta, SiteScoped.Meta):
        abstract = True
        ordering = ["sort_order", "pk"]
