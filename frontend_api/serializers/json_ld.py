"""How the OpenAPI document describes the schema.org JSON-LD that items carry (`json_ld`):
objects with the schema.org terms we write, each typed; other terms may follow."""

from events.structured_data import CANCELLED, IN_PERSON, SCHEDULED


def _object(type_name, properties, required=()):
    return {
        "type": "object",
        "properties": {"@type": {"type": "string", "enum": [type_name]}, **properties},
        "required": ["@type", *required],
    }


STRING = {"type": "string"}
STRINGS = {"type": "array", "items": STRING}
POSTAL_ADDRESS = _object(
    "PostalAddress",
    {
        "streetAddress": STRING,
        "postalCode": STRING,
        "addressLocality": STRING,
        "addressCountry": {"type": "string", "description": "ISO 3166-1 alpha-2"},
    },
)
GEO = _object(
    "GeoCoordinates",
    {"latitude": {"type": "number"}, "longitude": {"type": "number"}},
    required=("latitude", "longitude"),
)
PLACE = _object("Place", {"name": STRING, "address": POSTAL_ADDRESS, "geo": GEO})
CONTEXT = {"type": "string", "enum": ["https://schema.org"]}
DATE = {
    "type": "string",
    "description": "ISO 8601: local date and time with its offset; a date for all-day events.",
}
STATUS = {"type": "string", "enum": [SCHEDULED, CANCELLED]}
ATTENDANCE = {"type": "string", "enum": [IN_PERSON]}
EVENT_DATE = _object(
    "Event",
    {
        "name": STRING,
        "startDate": DATE,
        "endDate": DATE,
        "eventStatus": STATUS,
        "location": PLACE,
        "eventAttendanceMode": ATTENDANCE,
    },
    required=("name", "startDate", "endDate", "eventStatus"),
)

ORGANIZATION_JSON_LD = {
    **_object(
        "Organization",
        {
            "@context": CONTEXT,
            "name": STRING,
            "description": STRING,
            "email": STRING,
            "url": STRING,
            "telephone": STRING,
            "logo": STRING,
            "sameAs": STRINGS,
            "knowsLanguage": STRINGS,
            "address": POSTAL_ADDRESS,
            "location": PLACE,
        },
        required=("@context", "name", "description", "email"),
    ),
    "description": "The entry as a schema.org Organization (JSON-LD), for the website to embed.",
}

EVENT_JSON_LD = {
    **_object(
        "Event",
        {
            "@context": CONTEXT,
            **EVENT_DATE["properties"],
            "description": STRING,
            "organizer": _object("Organization", {"name": STRING}, required=("name",)),
            "offers": _object(
                "Offer",
                {
                    "price": {"type": "string", "description": "a decimal number"},
                    "priceCurrency": {"type": "string", "enum": ["DKK"]},
                    "url": STRING,
                },
                required=("price", "priceCurrency"),
            ),
            "isAccessibleForFree": {"type": "boolean"},
            "inLanguage": STRINGS,
            "url": STRING,
            "subEvent": {
                "type": "array",
                "items": EVENT_DATE,
                "description": "An event's coming dates, cancelled ones included (details).",
            },
        },
        required=("@context", "name", "startDate", "endDate", "eventStatus"),
    ),
    "description": "The item as a schema.org Event (JSON-LD), for the website to embed. "
    "`eventStatus` is EventCancelled for a cancelled date.",
}
