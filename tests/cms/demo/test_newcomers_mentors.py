"""`seed_demo` adds business mentors: two approved, one waiting, and two demo newcomers'
requests, one matched; a second run adds nothing."""

from django.db.models import Q

from cms.demo import newcomers_mentors
from newcomers.models import Account, Mentor, MentorMatch, MentorRequest

#: the dashboard's demo newcomers (cms/demo/newcomers_dashboard.py) ask for mentors too
OWN = Q(email__startswith="dashboard-")
DASHBOARD = Q(account__email__startswith="dashboard-")


def test_the_demo_mentors(db, demo, client):
    site = Account.objects.get(email="ana.mentee@example.com").site
    counts = lambda: (  # noqa: E731
        list(Mentor.objects.order_by("status").values_list("status", flat=True)),
        sorted(MentorRequest.objects.exclude(DASHBOARD).values_list("status", flat=True)),
        MentorMatch.objects.exclude(
            mentor_request__account__email__startswith="dashboard-"
        ).count(),
    )
    assert counts() == (["approved", "approved", "pending"], ["matched", "open"], 1)
    assert Account.objects.consenting("mentor_matching").exclude(OWN).count() == 2
    newcomers_mentors.seed(site)
    assert counts() == (["approved", "approved", "pending"], ["matched", "open"], 1)
