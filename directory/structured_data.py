"""schema.org JSON-LD for the directory: an association as an `Organization`, and the
`PostalAddress` of an address written on one line, which the calendar's places use too.

Addresses are stored as people write them in Denmark: "Søndergade 8, 1. th., 6430 Nordborg"
(street and number, maybe a floor or a building, then the postcode and town). The last part
with a postcode gives `postalCode` and `addressLocality`, what comes before it the
`streetAddress`; a four-digit postcode (or a `DK-` prefix, or a last part naming Denmark) says
`addressCountry` "DK". A last part without a number and without a postcode is the town: a
line that is only a town ("Nordborg") is a locality, never a street.
"""

import re

CONTEXT = "https://schema.org"
#: "6430 Nordborg", "DK-6430 Nordborg", "24937 Flensburg"
POSTCODE_TOWN = re.compile(r"(?:(?P<prefix>[A-Z]{1,2})-)?(?P<code>\d{4,5})\s+(?P<town>\S.*)")
DENMARK = {"danmark", "denmark", "dänemark", "dk"}


def postal_address(text):
    """A schema.org PostalAddress for a one-line address, or None when it is empty."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    country = postcode = town = None
    if parts and parts[-1].casefold() in DENMARK:
        country = "DK"
        parts.pop()
    found = POSTCODE_TOWN.fullmatch(parts[-1]) if parts else None
    if found:
        parts.pop()
        postcode, town = found["code"], found["town"]
        if found["prefix"] == "DK" or (not found["prefix"] and len(postcode) == 4):
            country = "DK"
    elif parts and not any(char.isdigit() for char in parts[-1]):
        town = parts.pop()  # a street has a number: "Søvej 2, Nordborg", or just "Nordborg"
    fields = {
        "streetAddress": ", ".join(parts),
        "postalCode": postcode,
        "addressLocality": town,
        "addressCountry": country,
    }
    if not any(fields.values()):
        return None
    return {"@type": "PostalAddress", **{key: value for key, value in fields.items() if value}}


def organization(association, *, description, logo_url=None):
    """An association as a schema.org Organization, in the language of `description`."""
    data = {
        "@context": CONTEXT,
        "@type": "Organization",
        "name": association.name,
        "description": description,
        "email": association.email,
    }
    optional = {
        "url": association.website,
        "telephone": association.phone,
        "logo": logo_url,
        "sameAs": [association.facebook] if association.facebook else None,
        "knowsLanguage": association.languages,
        "address": postal_address(association.address),
    }
    data.update({key: value for key, value in optional.items() if value})
    if association.point is not None:
        latitude, longitude = association.point
        data["location"] = {
            "@type": "Place",
            "geo": {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude},
        }
    return data
