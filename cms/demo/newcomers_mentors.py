"""Demo business mentors at a municipality: two approved, one waiting for approval, and two
demo newcomers (with the `mentor_matching` consent) who asked for one, one of them matched.
Safe to run again: everything is found by its e-mail address before it is made."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from newcomers import consents, mentors
from newcomers.models import Account, MentorMatch, MentorRequest, NewcomerProfile
from newcomers.models.consent import ConsentSource
from newcomers.models.mentor import Mentor, MentorStatus, RequestStatus

MENTORS = [
    {
        "name": "Mette Holm",
        "email": "mette.mentor@example.com",
        "phone": "+45 20 30 40 50",
        "language": "da",
        "industries": ["it", "business"],
        "languages": ["da", "en"],
        "capacity": 2,
        "about": "CTO i en softwarevirksomhed i Sønderborg; har ansat mange fra udlandet.",
        "status": MentorStatus.APPROVED,
    },
    {
        "name": "Jens Petersen",
        "email": "jens.mentor@example.com",
        "language": "de",
        "industries": ["engineering", "logistics"],
        "languages": ["da", "de", "en"],
        "capacity": 1,
        "about": "Ingenieur bei einem Industrieunternehmen, pendelt über die Grenze.",
        "status": MentorStatus.APPROVED,
    },
    {
        "name": "Sara Nielsen",
        "email": "sara.mentor@example.com",
        "language": "en",
        "industries": ["health"],
        "languages": ["da", "en", "ar"],
        "capacity": 3,
        "about": "Nurse and team leader at the hospital.",
        "status": MentorStatus.PENDING,
    },
]

NEWCOMERS = [
    # (e-mail, first name, language, the request, the mentor it is matched with)
    (
        "ana.mentee@example.com",
        "Ana",
        "en",
        {"industry": "it", "languages": ["en", "pt"], "need": "A first job as a developer."},
        "mette.mentor@example.com",
    ),
    (
        "lukas.mentee@example.com",
        "Lukas",
        "de",
        {"industry": "engineering", "languages": ["de"], "need": "Arbeit als Ingenieur."},
        None,
    ),
]


def seed(site):
    coordinator = get_user_model().objects.filter(username="coordinator").first()
    with transaction.atomic():
        found = {}
        for data in MENTORS:
            mentor, created = Mentor.objects.get_or_create(
                site=site, email=data["email"], defaults=data
            )
            if created and mentor.status == MentorStatus.APPROVED:
                mentor.approved_at, mentor.approved_by = timezone.now(), coordinator
                mentor.save(update_fields=["approved_at", "approved_by"])
            found[mentor.email] = mentor
        for email, first_name, language, asked, matched_with in NEWCOMERS:
            account, _created = Account.objects.get_or_create(
                site=site, email=email, defaults={"language": language}
            )
            NewcomerProfile.objects.get_or_create(
                account=account, defaults={"first_name": first_name}
            )
            if not mentors.consents(account):
                consents.record(
                    account, mentors.PURPOSE, True, language=language, source=ConsentSource.ADMIN
                )
            request, _created = MentorRequest.objects.get_or_create(
                account=account, site=site, industry=asked["industry"], defaults=asked
            )
            if matched_with and not MentorMatch.objects.filter(mentor_request=request).exists():
                # no introduction mails: the demo's addresses are made up
                MentorMatch.objects.create(
                    mentor=found[matched_with], mentor_request=request, created_by=coordinator
                )
                request.status = RequestStatus.MATCHED
                request.save(update_fields=["status"])
