"""The one place that decides what is for whom, for every endpoint.

A client says where the newcomer comes from (`origin`) and which household flags apply
(`children`, `partner`, `student` = 1 or 0). Pages and body blocks carry audience tags (see
`guide.audience`); untagged content is for everyone. Content is left out when

- the client gave an origin, the content is tagged with origins, and none of them is the
  client's (`abroad` counts as any foreign origin); or
- the content is tagged with household kinds and the client said 0 to every one of them.

Without parameters nothing is left out.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from frontend_api.errors import ParameterError, boolean_parameter
from guide.audience import ABROAD, HOUSEHOLD_CODES, ORIGIN_CODES
from guide.models import PageAudience

ORIGIN_PARAMETER_VALUES = (*ORIGIN_CODES, "abroad")
PARAMETERS = ("origin", *HOUSEHOLD_CODES)


@dataclass(frozen=True)
class Audience:
    origin: str | None = None
    households: dict = field(default_factory=dict)  # flag -> bool, only the flags given

    @classmethod
    def from_query(cls, params):
        origin = params.get("origin") or None
        if origin is not None and origin not in ORIGIN_PARAMETER_VALUES:
            raise ParameterError(
                "origin", f"unknown origin '{origin}'", allowed=ORIGIN_PARAMETER_VALUES
            )
        households = {
            flag: boolean_parameter(params, flag) for flag in HOUSEHOLD_CODES if flag in params
        }
        return cls(origin=origin, households=households)

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
        """Drop targeted blocks not for this audience from serialised API data, at any depth."""
        if self.is_everyone:
            return data
        return _prune(data, self)


def _tagged(codes):
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
