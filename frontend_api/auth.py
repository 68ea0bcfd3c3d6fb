"""Newcomers' token authentication: `Authorization: Bearer <session token>` from a sign-in
(newcomers.signin). The session must belong to the municipality the request's host serves.

`request.user` stays anonymous (a newcomer is no Django user); `request.auth` is the
`AccountSession`, whose `account` the personal views serve."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission

from frontend_api.views.conventions import request_site
from newcomers import signin
from newcomers.models import AccountSession

KEYWORD = "Bearer"


class NewcomerAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() != KEYWORD.lower():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("The Authorization header must be 'Bearer <token>'."))
        token = parts[1].decode(errors="replace")
        session = signin.session_for(request_site(request), token)
        if session is None:
            raise AuthenticationFailed(_("This session has ended or is not valid here."))
        return AnonymousUser(), session

    def authenticate_header(self, request):
        return KEYWORD  # a 401, not a 403, with WWW-Authenticate


class IsSignedIn(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, AccountSession)


class NewcomerAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = NewcomerAuthentication
    name = "newcomerSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The session token from `POST /api/v2/me/session/`.",
        }
