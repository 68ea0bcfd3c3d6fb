"""The calendar's query parameters, for the OpenAPI document."""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter

from events.models import CATEGORY_CODES
from frontend_api import audience, locales
from frontend_api.errors import FALSE, TRUE
from frontend_api.event_filters import CALENDAR_AUDIENCES, DEFAULT_WITHIN_KM, MAX_DAYS
from guide.audience import HOUSEHOLD_CODES

BOOLEAN = {"type": "string", "enum": [*TRUE, *FALSE]}
MOMENT = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
    r"(Z|[+-]\d{2}:\d{2})?)?$",
}


def _query(name, schema, description):
    return OpenApiParameter(name, schema, OpenApiParameter.QUERY, description=description)


def _list_of(codes):
    return {"type": "string", "pattern": "^(" + "|".join(codes) + ")(,(" + "|".join(codes) + "))*$"}


LOCALE_PARAMETERS = [
    _query(
        "locale",
        {"type": "string", "enum": locales.supported()},
        "The language (else Accept-Language, else Danish).",
    ),
    _query(
        "origin",
        {"type": "string", "enum": list(audience.ORIGIN_PARAMETER_VALUES)},
        "Where the newcomer comes from.",
    ),
    *(_query(flag, BOOLEAN, f"Household: {flag} (1 or 0).") for flag in HOUSEHOLD_CODES),
]
FILTER_PARAMETERS = [
    _query(
        "from",
        MOMENT,
        "Start of the window: a date (local midnight) or an ISO 8601 time (default: now).",
    ),
    _query(
        "to",
        MOMENT,
        f"End of the window: a date (included) or an ISO 8601 time; at most {MAX_DAYS} days "
        "after `from`.",
    ),
    _query(
        "community",
        {"type": "string", "pattern": "^[0-9]+$"},
        "The id of a community page (any language): the events in its section.",
    ),
    _query("category", _list_of(CATEGORY_CODES), "Categories, comma-separated (any)."),
    _query(
        "audience",
        _list_of(CALENDAR_AUDIENCES),
        "`tourists` and/or `locals` (events for everyone are included).",
    ),
    _query("language", {"type": "string"}, "Language codes spoken, comma-separated (any)."),
    _query("search", {"type": "string"}, "Words in the title, summary or place."),
    _query("near", {"type": "string"}, "A point, `latitude,longitude`, e.g. `54.91,9.79`."),
    _query(
        "within_km",
        {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 20000},
        f"Distance from `near` in km (default {DEFAULT_WITHIN_KM}).",
    ),
    _query("fallback", BOOLEAN, "Danish events stand in for missing translations (default true)."),
    *LOCALE_PARAMETERS,
    _query("_", {"type": "string"}, "Ignored: lets a client bust its cache."),
]
LIST_PARAMETERS = [
    _query(
        "limit",
        {"type": "integer", "minimum": 0, "maximum": settings.WAGTAILAPI_LIMIT_MAX},
        f"How many items to return, at most {settings.WAGTAILAPI_LIMIT_MAX} (default 20).",
    ),
    _query("offset", {"type": "integer", "minimum": 0}, "How many items to skip."),
    *FILTER_PARAMETERS,
]
FEED_PARAMETERS = FILTER_PARAMETERS
ID_IN_PATH = OpenApiParameter(
    "id", {"type": "integer", "minimum": 0}, OpenApiParameter.PATH, description="The event's id."
)
DETAIL_PARAMETERS = [ID_IN_PATH, *LOCALE_PARAMETERS, _query("_", {"type": "string"}, "Ignored.")]
ICS_PARAMETERS = [ID_IN_PATH]
