"""`seed_demo` adds business mentors: two approved, one waiting, and two demo newcomers'
requests, one matched; a second run adds nothing."""

from cms.demo import newcomers_mentors
from newcomers.models import Account, Mentor, MentorMatch, MentorRequest


def test_the_demo_mentors(db, demo, client):
    site = Account.objects.get(email="ana.mentee@example.com").site
    counts = lambda: (  # noqa: E731
        list(Mentor.objects.order_by("status").values_list("status", flat=True)),
        sorted(MentorRequest.objects.values_list("status", flat=True)),
        MentorMatch.objects.count(),
    )
    assert counts() == (["approved", "approved", "pending"], ["matched", "open"], 1)
    assert Account.objects.consenting("mentor_matching").count() == 2
    newcomers_mentors.seed(site)
    assert counts() == (["approved", "approved", "pending"], ["matched", "open"], 1)
