import factory
from factory.django import DjangoModelFactory

from directory.models import Association, AssociationSubmission, Practice


class AssociationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Forening {n}")
    description = "Vi mødes hver uge og hygger os."
    activities = "Træning tirsdag og torsdag."
    categories = ["sport"]
    audiences = ["adults"]
    languages = ["da"]
    email = factory.Sequence(lambda n: f"forening{n}@example.dk")
    fee_free = True

    class Meta:
        model = Association


class SubmissionFactory(DjangoModelFactory):
    data = factory.LazyAttribute(lambda s: entry(name=s.name))
    email = "kasserer@roklub.dk"
    language = "da"
    status = AssociationSubmission.Status.PENDING

    class Params:
        name = "Nordborg Roklub"

    class Meta:
        model = AssociationSubmission


class PracticeFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lægehuset {n}")
    address = "Storegade 1, 6430 Nordborg"
    languages = ["da", "en"]
    accepting_new_patients = True

    class Meta:
        model = Practice


def entry(**changes):
    """A valid entry as the API takes it (fee flattened for the form, see `api_entry`)."""
    data = {
        "name": "Nordborg Roklub",
        "description": "Roning på Nordborg Sø for alle aldre.",
        "description_en": "",
        "description_de": "",
        "activities": "Morgenroning, kaproning, vinterbadning.",
        "activities_en": "",
        "activities_de": "",
        "categories": ["sport", "nature"],
        "audiences": ["adults", "youth"],
        "languages": ["da", "en"],
        "newcomer_friendly": True,
        "community": None,
        "address": "Søvej 2, 6430 Nordborg",
        "latitude": 55.057,
        "longitude": 9.741,
        "fee_free": False,
        "fee_min": 300,
        "fee_max": 900,
        "email": "kasserer@roklub.dk",
        "phone": "+45 12 34 56 78",
        "website": "https://roklub.example.dk/",
        "facebook": "https://www.facebook.com/nordborgroklub",
    }
    data.update(changes)
    return data


def api_entry(**changes):
    data = entry()
    fee = {"free": data.pop("fee_free"), "min": data.pop("fee_min"), "max": data.pop("fee_max")}
    data["fee"] = fee
    data.update(changes)
    return data
