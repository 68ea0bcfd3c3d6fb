"""Mentors and requests for the tests: registering and asking through the API as a mentor
and a newcomer would, and rows made directly where only the admin's side is tested."""

from django.test import TestCase

from newcomers.models import Account, Mentor, MentorRequest, NewcomerProfile
from newcomers.models.mentor import MentorStatus


def registration(**overrides):
    return {
        "name": "Mette Holm",
        "email": "mette@example.com",
        "phone": "+45 12 34 56 78",
        "language": "da",
        "industries": ["it", "business"],
        "languages": ["da", "en"],
        "capacity": 2,
        "about": "CTO, 20 years in software.",
        "consent": True,
        **overrides,
    }


def register(client, host="localhost", **overrides):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the coordinators' mail
        return client.post(
            "/api/v2/mentors/",
            registration(**overrides),
            content_type="application/json",
            HTTP_HOST=host,
        )


def ask(client, auth, **overrides):
    body = {"industry": "it", "languages": ["en", "pt"], "need": "A first job in IT.", **overrides}
    return client.post("/api/v2/mentors/requests/", body, content_type="application/json", **auth)


def mentor(site, name, **fields):
    defaults = {
        "email": f"{name.split()[0].lower()}@example.com",
        "industries": ["it"],
        "languages": ["da"],
        "capacity": 1,
        "status": MentorStatus.APPROVED,
    }
    return Mentor.objects.create(site=site, name=name, **{**defaults, **fields})


def request_of(site, email, first_name="", language="en", **fields):
    account, _created = Account.objects.get_or_create(
        site=site, email=email, defaults={"language": language}
    )
    NewcomerProfile.objects.update_or_create(account=account, defaults={"first_name": first_name})
    defaults = {"industry": "it", "languages": ["en"], "need": "Help to find work."}
    return MentorRequest.objects.create(account=account, site=site, **{**defaults, **fields})


def match(client, mentor_request, mentor):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the introductions
        return client.post(f"/admin/mentors/requests/{mentor_request.pk}/", {"mentor": mentor.pk})
