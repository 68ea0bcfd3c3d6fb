"""The query parameters of `views.base.Endpoint`s, each defined once: its name, how it is
read (a bad value is a 400 naming it and, where there is a list, what it allows), what it
does to a queryset, and how the OpenAPI document describes it. An endpoint lists its own
filters (`Endpoint.filters`); the common ones (`limit`, `offset`, `fields`, `order`,
`search`, `locale`, `fallback`, the audience) are described by `common()`."""

from django.conf import settings

from frontend_api import locales
from frontend_api.errors import FALSE, TRUE, ParameterError, boolean_parameter
from frontend_api.pagination import DEFAULT_LIMIT, MAX_OFFSET
from frontend_api.views.conventions import MAX_ID
from guide.audience import HOUSEHOLDS, ORIGIN_VALUES, ORIGINS
from guide.fields import codes_q
from guide.location import near

BOOLEAN = {"type": "string", "enum": [*TRUE, *FALSE]}
BOOLEAN_NOTE = " (`1`, `true`, `yes` or `0`, `false`, `no`)"
WHOLE_NUMBER = {"type": "string", "pattern": "^[0-9]+$"}
DEFAULT_WITHIN_KM = 25
MAX_WITHIN_KM = 20000


def query(name, schema, description):
    return {"in": "query", "name": name, "schema": schema, "description": description}


def code_list(codes):
    alternatives = "|".join(codes)
    return {"type": "string", "pattern": f"^({alternatives})(,({alternatives}))*$"}


class Parameter:
    """One query parameter that narrows a listing."""

    def __init__(self, name, description):
        self.name = name
        self.description = description

    @property
    def names(self):
        return (self.name,)

    def parse(self, params):
        """The value asked for, or None when the parameter is absent."""
        return params.get(self.name)

    def apply(self, queryset, value, view):
        raise NotImplementedError

    def schema(self):
        return {"type": "string"}

    def openapi(self):
        return [query(self.name, self.schema(), self.description)]


class Codes(Parameter):
    """Comma-separated codes of a list (`CodeListField`): items with any of them."""

    def __init__(self, name, field, codes, description):
        super().__init__(name, description)
        self.field = field
        self.codes = tuple(codes)

    def parse(self, params):
        if self.name not in params:
            return None
        asked = [code for code in params[self.name].split(",") if code]
        unknown = [code for code in asked if code not in self.codes]
        if unknown or not asked:
            raise ParameterError(
                self.name, f"unknown {self.name} '{','.join(unknown)}'", allowed=self.codes
            )
        return asked

    def apply(self, queryset, value, view):
        return queryset.filter(codes_q(self.field, value))

    def schema(self):
        return code_list(self.codes)


class Flag(Parameter):
    """A yes/no filter: `apply(queryset, True|False)`."""

    def __init__(self, name, description, apply):
        super().__init__(name, description + BOOLEAN_NOTE)
        self.filter = apply

    def parse(self, params):
        return boolean_parameter(params, self.name)

    def apply(self, queryset, value, view):
        return self.filter(queryset, value)

    def schema(self):
        return BOOLEAN


class Choice(Parameter):
    """One code of a list: `apply(queryset, code)`."""

    def __init__(self, name, codes, description, apply):
        super().__init__(name, description)
        self.codes = tuple(codes)
        self.filter = apply

    def parse(self, params):
        value = params.get(self.name)
        if value is not None and value not in self.codes:
            raise ParameterError(self.name, f"unknown {self.name} '{value}'", allowed=self.codes)
        return value

    def apply(self, queryset, value, view):
        return self.filter(queryset, value)

    def schema(self):
        return {"type": "string", "enum": list(self.codes)}


class Community(Parameter):
    """`community=<id>`: the id of a community page in any language; `queryset.in_community
    (page_id)` decides what belongs to it."""

    def __init__(self, description="The id of a community page (any language)."):
        super().__init__("community", description)

    def parse(self, params):
        if "community" not in params:
            return None
        value = params["community"]
        if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
            raise ParameterError("community", "community must be a page id")
        return int(value)

    def apply(self, queryset, value, view):
        return queryset.in_community(value)

    def schema(self):
        return WHOLE_NUMBER


class Near(Parameter):
    """`near=lat,lon` with `within_km` (default 25): items within that distance, nearest
    first unless `order` says otherwise, with their `distance_km`."""

    def __init__(self):
        super().__init__(
            "near", "A point, `latitude,longitude` (e.g. `54.91,9.79`): items near it."
        )

    @property
    def names(self):
        return ("near", "within_km")

    def parse(self, params):
        if "within_km" in params and "near" not in params:
            raise ParameterError("within_km", "within_km needs near=latitude,longitude")
        if "near" not in params:
            return None
        parts = params["near"].split(",")
        if len(parts) != 2:
            raise ParameterError("near", "near must be latitude,longitude")
        latitude = number(parts[0], "near", -90, 90)
        longitude = number(parts[1], "near", -180, 180)
        within = number(
            params.get("within_km", str(DEFAULT_WITHIN_KM)), "within_km", 0, MAX_WITHIN_KM
        )
        if within == 0:
            raise ParameterError("within_km", f"within_km must be a number, 0 to {MAX_WITHIN_KM}")
        return latitude, longitude, within

    def apply(self, queryset, value, view):
        return near(queryset, *value)

    def openapi(self):
        return [
            query(
                "near",
                {"type": "string", "pattern": r"^-?[0-9.]+,-?[0-9.]+$"},
                self.description,
            ),
            query(
                "within_km",
                {
                    "type": "number",
                    "minimum": 0,
                    "exclusiveMinimum": True,
                    "maximum": MAX_WITHIN_KM,
                },
                f"Distance from `near` in km (default {DEFAULT_WITHIN_KM}).",
            ),
        ]


def number(value, name, low, high):
    try:
        result = float(value)
    except ValueError:
        result = None
    if result is None or result != result or not low <= result <= high:  # (NaN != NaN)
        raise ParameterError(name, f"{name} must be a number, {low} to {high}")
    return result


def paging():
    """`limit` and `offset`, the same on every listing."""
    limit_max = settings.WAGTAILAPI_LIMIT_MAX
    return [
        query(
            "limit",
            {"type": "integer", "minimum": 0, "maximum": limit_max, "default": DEFAULT_LIMIT},
            f"How many items to return, at most {limit_max}.",
        ),
        query(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
            "How many to skip.",
        ),
    ]


def language_and_audience():
    """`locale`, `fallback`, the audience and `_`, the same on every endpoint."""
    origins = ", ".join(f"`{code}` ({label})" for code, label in ORIGINS)
    return [
        query(
            "locale",
            {"type": "string", "enum": locales.supported()},
            "The language (default: the first supported language of Accept-Language, "
            "else Danish). An item missing in it is given in Danish unless `fallback` is "
            "false.",
        ),
        query(
            "fallback",
            BOOLEAN,
            "Whether a Danish item stands in for a missing translation (default: true)"
            + BOOLEAN_NOTE,
        ),
        query(
            "origin",
            {"type": "string", "enum": list(ORIGIN_VALUES)},
            f"Where the newcomer comes from: {origins}, or `abroad` for any foreign origin. "
            "Content for other origins is left out.",
        ),
        *(
            query(flag, BOOLEAN, f"{label}: 0 leaves out content only for such households.")
            for flag, label in HOUSEHOLDS
        ),
        query("_", {"type": "string"}, "Ignored: lets a client bust its cache."),
    ]


def common(endpoint, listing=True):
    """The parameters every `Endpoint` takes (a listing also pages, orders and searches)."""
    action = "listing_view" if listing else "detail_view"
    fields = list(endpoint.serializer_for(action)().fields)
    parameters = []
    if listing:
        orders = [*endpoint.order_fields, *(f"-{name}" for name in endpoint.order_fields)]
        parameters += [
            *paging(),
            query(
                "order",
                code_list(orders),
                "Comma-separated fields to order by (`-field` for descending); default: "
                + ", ".join(f"`{name}`" for name in endpoint.default_order)
                + ".",
            ),
        ]
        if endpoint.searchable:
            parameters.append(query("search", {"type": "string"}, "Words to look for."))
        for parameter in endpoint.filters:
            parameters += parameter.openapi()
    parameters += [
        query(
            "fields",
            {"type": "string"},
            "Which fields each item has: comma-separated names; `-name` leaves one out; `*` "
            "first starts from all fields, `_` from none. Fields: "
            + ", ".join(f"`{name}`" for name in fields),
        ),
        *language_and_audience(),
    ]
    return parameters
