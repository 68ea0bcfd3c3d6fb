import uuid

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection

from communities.models.community import CommunityPage


class CommunityAccess(models.Model):
    """The room of one community, shared by its copies in every language.

    Tied to the pages by their `translation_key`; `communities.access` keeps the group's
    rights, the collection and the trust in step with the pages.
    """

    translation_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="community_access", verbose_name=_("group")
    )
    collection = models.ForeignKey(
        Collection,
        on_delete=models.PROTECT,
        related_name="community_accesses",
        verbose_name=_("collection"),
    )
    trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Editors of a trusted community publish without approval."),
    )

    class Meta:
        verbose_name = _("community access")
        verbose_name_plural = _("community access")
        permissions = [("manage_members", _("Can manage who edits a community and trust it"))]

    def __str__(self):
        return self.group.name

    @property
    def pages(self):
        return CommunityPage.objects.filter(translation_key=self.translation_key)

    @property
    def members(self):
        return self.group.user_set.order_by("username")
