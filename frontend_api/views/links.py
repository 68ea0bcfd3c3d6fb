"""`/api/v2/links/`: useful links (bus and train times, the airport, ferries, the calendar …),
group by group in a fixed order (`group`, with its translated `group_label`), then in the
coordinator's order within a group. `group=<code>` keeps one group; `search` finds words in
the labels and descriptions; `<id>/` is one link in its own language."""

from django.db.models import Case, IntegerField, Value, When

from frontend_api.schema import catalogue
from frontend_api.serializers.guide import UsefulLinkSerializer
from frontend_api.views.guide_snippets import GuideSnippetEndpoint
from guide.models import UsefulLink
from guide.models.links import LINK_GROUPS

GROUP_CODES = tuple(code for code, _label in LINK_GROUPS)
#: `group` orders by the groups' fixed order, not by their codes
GROUP_ORDER = Case(
    *(When(group=code, then=Value(n)) for n, code in enumerate(GROUP_CODES)),
    output_field=IntegerField(),
)


class UsefulLinksEndpoint(GuideSnippetEndpoint):
    model = UsefulLink
    serializer_class = UsefulLinkSerializer
    filters = (
        catalogue.Choice(
            "group",
            GROUP_CODES,
            "One group of links.",
            lambda links, group: links.filter(group=group),
        ),
    )
    order_fields = ("id", "group", "sort_order", "label")
    default_order = ("group", "sort_order", "id")

    def ordering(self):
        by_group = {"group": GROUP_ORDER.asc(), "-group": GROUP_ORDER.desc()}
        return [by_group.get(name, name) for name in super().ordering()]
