"""Meet-ups, `/api/v2/meetups/`: newcomers of one municipality finding each other for a
concert or a trip (docs/meetups.md).

Signed-in newcomers only (a 401 otherwise), and personal: `private, no-store`, never in the
response cache (`caching.NEVER_CACHED_PREFIXES`). Every route finds its meet-up among those
the caller may see (`MeetupQuerySet.visible_to`): another municipality's, a hidden,
cancelled or past one, or one whose poster withdrew their consent is a 404, whatever the id."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from events.models import EventPage
from frontend_api import locales
from frontend_api.auth import IsSignedIn
from frontend_api.errors import ParameterError
from frontend_api.pagination import Pagination
from frontend_api.serializers.directory import MessageSerializer
from frontend_api.serializers.errors import ErrorSerializer
from frontend_api.serializers.meetups import (
    JoinRequestSerializer,
    MeetupListingSerializer,
    MeetupRequestSerializer,
    MeetupSerializer,
    ParticipationSerializer,
    ReportRequestSerializer,
)
from frontend_api.views.associations import RETRY_AFTER
from frontend_api.views.conventions import MAX_ID
from frontend_api.views.me import (
    BAD_BODY,
    BAD_PARAMETER,
    LOCALE,
    NOT_JSON,
    SIGNED_OUT,
    MeRoute,
    validated,
)
from guide.sites import site_pages_q
from newcomers import meetups
from newcomers.models import Account, Meetup, MeetupParticipant
from newcomers.models.meetup import VISIBILITY_PURPOSE

TAGS = ["meetups"]
ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The meet-up's id.")
NOT_FOUND = OpenApiResponse(
    ErrorSerializer,
    description="No meet-up of this id that the caller may see (another municipality's, "
    "hidden, cancelled, past, or its poster no longer shows their posts).",
)
TOO_MANY = OpenApiResponse(
    ErrorSerializer, description="Too many of these from this account; see Retry-After."
)
MINE = OpenApiParameter(
    "mine",
    bool,
    description="`true`: only the meet-ups the caller posted or joined.",
)


class AccountRateThrottle(SimpleRateThrottle):
    """Keyed on the signed-in account (the routes refuse everyone else first)."""

    setting = ""

    def get_rate(self):
        return getattr(settings, self.setting)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.account_id}


class PostRateThrottle(AccountRateThrottle):
    scope = "meetup_post"
    setting = "MEETUP_POST_RATE"


class JoinRateThrottle(AccountRateThrottle):
    scope = "meetup_join"
    setting = "MEETUP_JOIN_RATE"


class ReportRateThrottle(AccountRateThrottle):
    scope = "meetup_report"
    setting = "MEETUP_REPORT_RATE"


def visible(account):
    """What the caller may see, with what each item says about them, in one query."""
    consenting = Account.objects.filter(site=account.site_id).consenting(VISIBILITY_PURPOSE)
    return (
        Meetup.objects.visible_to(account, timezone.now())
        .select_related("poster__profile")
        .annotate(
            joined=Exists(MeetupParticipant.objects.filter(meetup=OuterRef("pk"), account=account)),
            shown_to_others=Exists(consenting.filter(pk=OuterRef("poster_id"))),
        )
    )


def item(meetup, account, participants=None):
    try:
        poster_first_name = meetup.poster.profile.first_name
    except Account.profile.RelatedObjectDoesNotExist:
        poster_first_name = ""
    return {
        "id": meetup.pk,
        "title": meetup.title,
        "description": meetup.description,
        "starts_at": meetup.starts_at,
        "place": meetup.place,
        "language": meetup.language,
        "event": meetup.event_id,
        "link": meetup.link,
        "max_people": meetup.max_people,
        "participant_count": meetup.participant_count,
        "places_left": max(0, meetup.max_people - 1 - meetup.participant_count),
        "full": meetup.full,
        "poster_first_name": poster_first_name,
        "is_mine": meetup.poster_id == account.pk,
        "joined": meetup.joined,
        "shown_to_others": meetup.shown_to_others,
        "created_at": meetup.created_at,
        "participants": participants,
    }


class MeetupRoute(MeRoute):
    permission_classes = [IsSignedIn]

    def find(self, pk):
        meetup = visible(self.account).filter(pk=pk).first() if pk <= MAX_ID else None
        if meetup is None:
            raise Http404(_("No such meet-up."))
        return meetup

    def detail(self, meetup):
        """The item; for its poster with who joined and what they share."""
        participants = None
        if meetup.poster_id == self.account.pk:
            found = meetup.participants.select_related("account__profile").order_by("joined_at")
            participants = [
                {
                    "first_name": getattr(getattr(p.account, "profile", None), "first_name", ""),
                    "shared_contact": p.shared_contact,
                    "joined_at": p.joined_at,
                }
                for p in found
            ]
        return item(meetup, self.account, participants)


class MeetupsRoute(MeetupRoute):
    """The open meet-ups of this municipality (GET), or a new one (POST)."""

    @property
    def parameters(self):
        if self.request.method == "POST":
            return {"_", "locale"}
        return {"_", "limit", "offset", "mine"}

    def get_throttles(self):
        return [PostRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        tags=TAGS,
        operation_id="meetups_list",
        parameters=[
            OpenApiParameter("limit", int, description="At most this many (default 20)."),
            OpenApiParameter("offset", int, description="Skip this many."),
            MINE,
        ],
        responses={200: MeetupListingSerializer, 400: BAD_PARAMETER, 401: SIGNED_OUT},
    )
    def get(self, request):
        found = visible(self.account)
        mine = request.GET.get("mine")
        if mine not in (None, "true", "false"):
            raise ParameterError("mine", "mine must be true or false", allowed=["true", "false"])
        if mine == "true":
            found = found.filter(Q(joined=True) | Q(poster=self.account))
        pagination = Pagination()
        page = pagination.paginate_queryset(found.order_by("starts_at", "pk"), request, self)
        return Response(
            {
                "meta": {"total_count": pagination.total_count},
                "items": [item(meetup, self.account) for meetup in page],
            }
        )

    @extend_schema(
        tags=TAGS,
        operation_id="meetups_create",
        request=MeetupRequestSerializer,
        parameters=[LOCALE, RETRY_AFTER],
        responses={
            201: MeetupSerializer,
            400: BAD_BODY,
            401: SIGNED_OUT,
            403: OpenApiResponse(
                ErrorSerializer,
                description="The newcomer has not consented to showing their meet-up posts "
                "to other newcomers (`meetup_visibility`, /api/v2/me/consents/).",
            ),
            415: NOT_JSON,
            429: TOO_MANY,
        },
    )
    def post(self, request):
        with translation.override(locales.requested_locale(request)):
            if not meetups.may_post(self.account):
                message = _(
                    "To post a meet-up, first agree to show your meet-up posts to other "
                    "newcomers (consent 'meetup_visibility')."
                )
                return Response({"message": message}, status=status.HTTP_403_FORBIDDEN)
            data, error = validated(MeetupRequestSerializer, request, is_event=self._is_event)
            if error:
                return error
        event_id = data.pop("event")
        meetup = meetups.post(self.account, {**data, "event_id": event_id})
        return Response(self.detail(self.find(meetup.pk)), status=status.HTTP_201_CREATED)

    def _is_event(self, page_id):
        return EventPage.objects.live().filter(site_pages_q(self.site), pk=page_id).exists()


class MeetupDetailRoute(MeetupRoute):
    """One meet-up (GET); its poster cancels it (DELETE)."""

    @extend_schema(
        tags=TAGS,
        operation_id="meetups_retrieve",
        parameters=[ID],
        responses={200: MeetupSerializer, 400: BAD_PARAMETER, 401: SIGNED_OUT, 404: NOT_FOUND},
    )
    def get(self, request, pk):
        return Response(self.detail(self.find(pk)))

    @extend_schema(
        tags=TAGS,
        operation_id="meetups_destroy",
        parameters=[ID],
        responses={
            204: None,
            400: BAD_PARAMETER,
            401: SIGNED_OUT,
            403: OpenApiResponse(ErrorSerializer, description="Someone else's meet-up."),
            404: NOT_FOUND,
        },
    )
    def delete(self, request, pk):
        meetup = self.find(pk)
        if meetup.poster_id != self.account.pk:
            message = _("Only the newcomer who posted a meet-up can cancel it.")
            return Response({"message": message}, status=status.HTTP_403_FORBIDDEN)
        meetups.cancel(meetup)
        return Response(status=status.HTTP_204_NO_CONTENT)


class JoinRoute(MeetupRoute):
    """Join a meet-up, sharing a contact with its poster (POST; again: change the contact),
    or leave it (DELETE)."""

    def get_throttles(self):
        return [JoinRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        tags=TAGS,
        operation_id="meetups_join_create",
        request=JoinRequestSerializer,
        parameters=[ID, LOCALE, RETRY_AFTER],
        responses={
            200: OpenApiResponse(
                ParticipationSerializer, description="Joined already: the contact is changed."
            ),
            201: ParticipationSerializer,
            400: BAD_BODY,
            401: SIGNED_OUT,
            404: NOT_FOUND,
            409: OpenApiResponse(
                ErrorSerializer, description="The meet-up is full, or the caller's own."
            ),
            415: NOT_JSON,
            429: TOO_MANY,
        },
    )
    def post(self, request, pk):
        with translation.override(locales.requested_locale(request)):
            meetup = self.find(pk)
            data, error = validated(JoinRequestSerializer, request)
            if error:
                return error
            try:
                participant, created = meetups.join(meetup, self.account, data["shared_contact"])
            except meetups.JoinRefused as refused:
                if refused.reason == "own":
                    message = _("You posted this meet-up; you are in it already.")
                else:
                    message = _("This meet-up is full.")
                return Response({"message": message}, status=status.HTTP_409_CONFLICT)
        body = {
            "shared_contact": participant.shared_contact,
            "joined_at": participant.joined_at,
            "meetup": self.detail(self.find(pk)),
        }
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        tags=TAGS,
        operation_id="meetups_join_destroy",
        parameters=[ID],
        responses={204: None, 400: BAD_PARAMETER, 401: SIGNED_OUT, 404: NOT_FOUND},
    )
    def delete(self, request, pk):
        meetups.leave(self.find(pk), self.account)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReportRoute(MeetupRoute):
    """Tell the coordinator something is wrong with a post."""

    throttle_classes = [ReportRateThrottle]

    @extend_schema(
        tags=TAGS,
        operation_id="meetups_report_create",
        request=ReportRequestSerializer,
        parameters=[ID, LOCALE, RETRY_AFTER],
        responses={
            201: MessageSerializer,
            400: BAD_BODY,
            401: SIGNED_OUT,
            404: NOT_FOUND,
            415: NOT_JSON,
            429: TOO_MANY,
        },
    )
    def post(self, request, pk):
        with translation.override(locales.requested_locale(request)):
            meetup = self.find(pk)
            data, error = validated(ReportRequestSerializer, request)
            if error:
                return error
            meetups.report(meetup, self.account, data["reason"])
            message = _("Thank you. The municipality's newcomer service will look at it.")
        return Response({"message": message}, status=status.HTTP_201_CREATED)


class BadIdRoute(MeRoute):
    """`meetups/abc/…`: a 400 naming the id, in the API's error shape (not Django's HTML 404)."""

    def initial(self, request, *args, **kwargs):
        raise ParameterError("id", "id must be a whole number")


urlpatterns = [
    path("", MeetupsRoute.as_view(), name="listing"),
    path("<int:pk>/", MeetupDetailRoute.as_view(), name="detail"),
    path("<int:pk>/join/", JoinRoute.as_view(), name="join"),
    path("<int:pk>/report/", ReportRoute.as_view(), name="report"),
    *(path(f"<str:pk>/{tail}", BadIdRoute.as_view()) for tail in ("", "join/", "report/")),
]
