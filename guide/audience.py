"""Who a page or a block is for: where the newcomer comes from and their household, and the
one rule that decides what is for whom, for every endpoint and every app.

A page or block with no tags is for everyone. Tags of one kind widen each other: a page for
`eu` and `non_eu` is for newcomers from either. Content is left out for an audience when

- the audience has an origin, the content is tagged with origins, and none of them is the
  audience's (`abroad` counts as any foreign origin); or
- the content is tagged with household kinds and the audience said no to every one of them.

An audience that says nothing leaves nothing out.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ORIGINS = (
    ("denmark", _("From another Danish municipality")),
    ("nordic", _("From a Nordic country")),
    ("eu", _("From another EU/EEA country")),
    ("non_eu", _("From outside the EU/EEA")),
)
HOUSEHOLDS = (
    ("children", _("With children")),
    ("partner", _("With an accompanying partner")),
    ("student", _("Students")),
)
AUDIENCE_CHOICES = ORIGINS + HOUSEHOLDS
ORIGIN_CODES = tuple(code for code, _label in ORIGINS)
HOUSEHOLD_CODES = tuple(code for code, _label in HOUSEHOLDS)
#: `origin=abroad` stands for any of these
ABROAD = ("nordic", "eu", "non_eu")
#: what `origin` may be: one of the origins, or `abroad`
ORIGIN_VALUES = (*ORIGIN_CODES, "abroad")


@dataclass(frozen=True)
class Audience:
    origin: str | None = None
    households: dict = field(default_factory=dict)  # flag -> bool, only the flags given

    @property
    def origins(self):
        if self.origin is None:
            return frozenset(ORIGIN_CODES)
        return frozenset(ABROAD if self.origin == "abroad" else (self.origin,))

    @property
    def denied_households(self):
        return frozenset(flag for flag, given in self.households.items() if not given)

    @property
    def is_everyone(self):
        return self.origin is None and not self.denied_households

    def admits(self, tags):
        """Whether content with these audience tags is for this audience."""
        tags = set(tags)
        origin_tags = tags.intersection(ORIGIN_CODES)
        if origin_tags and not origin_tags & self.origins:
            return False
        household_tags = tags.intersection(HOUSEHOLD_CODES)
        return not (household_tags and household_tags <= self.denied_households)

    def filter_pages(self, queryset):
        """`admits`, as SQL on a queryset of pages (of any type)."""
        if self.origin is not None:
            queryset = queryset.exclude(
                Q(pk__in=_tagged(ORIGIN_CODES)) & ~Q(pk__in=_tagged(self.origins))
            )
        if self.denied_households:
            allowed = set(HOUSEHOLD_CODES) - self.denied_households
            queryset = queryset.exclude(
                Q(pk__in=_tagged(HOUSEHOLD_CODES)) & ~Q(pk__in=_tagged(allowed))
            )
        return queryset

    def filter_stream(self, data):
        """Drop targeted blocks not for this audience from serialised data, at any depth."""
        if self.is_everyone:
            return data
        return _prune(data, self)


def _tagged(codes):
    from guide.models import PageAudience  # the models import the choices above

    return PageAudience.objects.filter(audience__in=list(codes)).values("page_id")


def _prune(data, audience):
    if isinstance(data, list):
        return [
            _prune(item, audience)
            for item in data
            if not (_is_targeted_block(item) and not audience.admits(item["value"]["audiences"]))
        ]
    if isinstance(data, dict):
        return {key: _prune(value, audience) for key, value in data.items()}
    return data


def _is_targeted_block(item):
    return (
        isinstance(item, dict)
        and item.get("type") == "targeted"
        and isinstance(item.get("value"), dict)
        and "audiences" in item["value"]
    )
