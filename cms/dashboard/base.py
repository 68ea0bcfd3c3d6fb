"""What every dashboard panel shares: one template, a heading, rows that link to the work,
a line with the total and a link to the full list, and a sentence when nothing waits."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

#: rows a panel shows; the full list is one link away
LIMIT = 8


@dataclass
class Row:
    title: str
    url: str
    details: list = field(default_factory=list)
    note: str = ""  # e.g. the coordinator's comment on a page sent back


class WorkPanel(Component):
    template_name = "cms/dashboard/panel.html"
    heading = ""
    empty_text = _("Nothing waits for you.")
    more_text = ""  # link text to the full list
    order = 100

    @classmethod
    def shown_to(cls, user):
        raise NotImplementedError

    def get_rows(self, request):
        """(rows, total, url of the full list or None)."""
        raise NotImplementedError

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        rows, total, more_url = self.get_rows(request)
        return {
            "panel_id": self.name,
            "heading": self.heading,
            "rows": rows,
            "total": total,
            "hidden": max(0, total - len(rows)),
            "more_url": more_url,
            "more_text": self.more_text,
            "empty_text": self.empty_text,
        }
