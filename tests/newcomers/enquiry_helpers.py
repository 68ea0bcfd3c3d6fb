"""Asking the municipality a question through the API, as the website and the app do."""

from tests.guide.factories import ContactFactory

ENQUIRIES = "/api/v2/enquiries/"


def question(**changes):
    return {
        "topic": "housing",
        "language": "en",
        "message": "Where can I find a flat to rent near the university?",
        "email": "ana@example.com",
        "name": "Ana",
        **changes,
    }


def ask(client, host="localhost", **changes):
    extra = {"HTTP_HOST": host, **changes.pop("extra", {})}
    return client.post(ENQUIRIES, question(**changes), content_type="application/json", **extra)


def contacts(site):
    """The guide's contacts of `site`, as a municipality keeps them (first in order first)."""
    return {
        "general": ContactFactory(
            site=site, name="General", email="welcome@example.dk", topics=["welcome"]
        ),
        "housing_da": ContactFactory(
            site=site,
            name="Housing DA",
            email="bolig@example.dk",
            topics=["housing"],
            languages=["da"],
        ),
        "housing_en": ContactFactory(
            site=site,
            name="Housing EN",
            email="housing@example.dk",
            topics=["housing", "tax"],
            languages=["da", "en"],
        ),
    }
