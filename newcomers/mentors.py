"""Business mentors: registering, approving, a newcomer's requests, the suggestions for a
request and the match.

A mentor never has more active matches than their capacity, also when two coordinators
match at the same moment: every match of one mentor is decided while that mentor's row is
locked (select_for_update inside transaction.atomic), as events.registrations does per date;
PostgreSQL serialises the matches per mentor, SQLite all writes anyway. The request is
locked too, so that it is matched once. E-mails go out once the transaction has committed.
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from newcomers import mentor_emails
from newcomers.models import Account, Mentor, MentorMatch, MentorRequest
from newcomers.models.mentor import MentorStatus, RequestStatus

#: the score of a mentor for a request: the industry outweighs any number of languages
INDUSTRY_WEIGHT = 10
PURPOSE = "mentor_matching"


class MatchRefused(Exception):
    """Why a match cannot be made (shown to the coordinator)."""


def register(site, data):
    """A new mentor, waiting for a coordinator's approval; the coordinators are told."""
    with transaction.atomic():
        mentor = Mentor.objects.create(site=site, status=MentorStatus.PENDING, **data)
        transaction.on_commit(lambda: mentor_emails.new_mentor(mentor))
    return mentor


def approve(mentor, user):
    mentor.status = MentorStatus.APPROVED
    mentor.approved_at = timezone.now()
    mentor.approved_by = user
    mentor.save(update_fields=["status", "approved_at", "approved_by"])


def pause(mentor):
    mentor.status = MentorStatus.PAUSED
    mentor.save(update_fields=["status"])


class AskRefused(Exception):
    """`consent`: the newcomer has not given `mentor_matching`; `open`: they have an open
    request already."""


def consents(account):
    return Account.objects.filter(pk=account.pk).consenting(PURPOSE).exists()


def ask(account, data):
    """A newcomer's request: one open at a time, and only with their consent."""
    with transaction.atomic():
        # the account's row locked: two requests sent at once make one open request
        Account.objects.select_for_update().filter(pk=account.pk).first()
        if not consents(account):
            raise AskRefused("consent")
        if account.mentor_requests.filter(status=RequestStatus.OPEN).exists():
            raise AskRefused("open")
        return MentorRequest.objects.create(account=account, site_id=account.site_id, **data)


def withdraw(mentor_request):
    """An open request is withdrawn; a matched or closed one stays as it is (False)."""
    return bool(
        MentorRequest.objects.filter(pk=mentor_request.pk, status=RequestStatus.OPEN).update(
            status=RequestStatus.WITHDRAWN
        )
    )


def close_open_requests(account):
    """The consent is withdrawn: no coordinator may pass the newcomer on any more."""
    account.mentor_requests.filter(status=RequestStatus.OPEN).update(status=RequestStatus.CLOSED)


def with_active_matches(mentors):
    return mentors.annotate(active=Count("matches", filter=Q(matches__ended_at__isnull=True)))


def suggestions(mentor_request):
    """The approved mentors of the request's municipality with room for one more mentee,
    best first: the same industry, then the most languages in common, then the most room;
    each with its `score` and the languages in common (`shared`)."""
    mentors = with_active_matches(
        Mentor.objects.filter(site_id=mentor_request.site_id, status=MentorStatus.APPROVED)
    )
    wanted = set(mentor_request.languages)
    found = []
    for mentor in mentors:
        if mentor.active >= mentor.capacity:
            continue
        mentor.shared = sorted(wanted & set(mentor.languages))
        mentor.industry_match = mentor_request.industry in mentor.industries
        mentor.score = INDUSTRY_WEIGHT * mentor.industry_match + len(mentor.shared)
        found.append(mentor)
    found.sort(key=lambda m: (-m.score, m.active - m.capacity, m.name.lower(), m.pk))
    return found


def match(mentor_request_id, mentor_id, user, sites):
    """Introduce a mentor to an open request, both of one of `sites`; MatchRefused says
    why not (the mentor is full or not approved, the request no longer open)."""
    with transaction.atomic():
        mentor = (
            Mentor.objects.select_for_update()
            .filter(pk=mentor_id, site__in=sites)
            .select_related("site")
            .first()
        )
        if mentor is None:
            raise Mentor.DoesNotExist
        mentor_request = (
            MentorRequest.objects.select_for_update()
            .filter(pk=mentor_request_id, site_id=mentor.site_id)
            .select_related("account")
            .first()
        )
        if mentor_request is None:
            raise MentorRequest.DoesNotExist
        if mentor_request.status != RequestStatus.OPEN:
            raise MatchRefused("request")
        if mentor.status != MentorStatus.APPROVED:
            raise MatchRefused("mentor")
        if mentor.matches.filter(ended_at__isnull=True).count() >= mentor.capacity:
            raise MatchRefused("full")
        found = MentorMatch.objects.create(
            mentor=mentor, mentor_request=mentor_request, created_by=user
        )
        mentor_request.status = RequestStatus.MATCHED
        mentor_request.save(update_fields=["status"])
        transaction.on_commit(lambda: mentor_emails.introductions(found))
    return found


def end_match(match_id, sites):
    """The mentor and the newcomer are done: the mentor has room again, the request is
    closed. False: no active match of `sites` has this id."""
    with transaction.atomic():
        found = (
            MentorMatch.objects.select_for_update()
            .filter(pk=match_id, mentor__site__in=sites, ended_at__isnull=True)
            .first()
        )
        if found is None:
            return False
        found.ended_at = timezone.now()
        found.save(update_fields=["ended_at"])
        MentorRequest.objects.filter(pk=found.mentor_request_id).update(status=RequestStatus.CLOSED)
    return True
