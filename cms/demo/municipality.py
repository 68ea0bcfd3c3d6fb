"""A demo municipality's own details: languages, the newcomer service's contact data and the
website's colour.

Written once, while the contact data is still empty: a coordinator's later edits survive a
second run.
"""

from communities.municipalities import ensure_municipality

CONTACT = ("email", "phone", "address", "website")


def describe(site, data):
    municipality = ensure_municipality(site)
    if any(getattr(municipality, name) for name in CONTACT):
        return municipality
    for name in (*CONTACT, "languages", "default_language", "colour"):
        setattr(municipality, name, data[name])
    municipality.full_clean()
    municipality.save()
    return municipality
