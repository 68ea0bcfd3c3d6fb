"""A limit on failed admin sign-ins: after STAFF_LOGIN_ATTEMPTS failures within
STAFF_LOGIN_WINDOW_MINUTES, per username and per client address, the login form refuses
every attempt (the right password too) until the window ends. The counts live in Django's
cache, shared by every process. The answer is the same whether or not the user exists."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import BaseThrottle
from wagtail.admin.forms.auth import LoginForm


def _keys(request, username):
    # hashed: no username in the cache's keys, and any length or character fits
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    # DRF's reading of the client address, as the API's rate limits: NUM_PROXIES behind a proxy
    address = BaseThrottle().get_ident(request)
    return {"user": f"staff-login:user:{name}", "address": f"staff-login:address:{address}"}


def refused(request, username):
    counts = cache.get_many(_keys(request, username).values())
    return any(count >= settings.STAFF_LOGIN_ATTEMPTS for count in counts.values())


def count_failure(request, username):
    timeout = settings.STAFF_LOGIN_WINDOW_MINUTES * 60
    for key in _keys(request, username).values():
        # the window opens with the first failure and is not extended by the next ones
        if not cache.add(key, 1, timeout):
            try:
                cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.add(key, 1, timeout)


def forget_user(request, username):
    """A successful sign-in clears the username's count (not the address's: an office behind
    one address is not reset by whoever signs in)."""
    cache.delete(_keys(request, username)["user"])


class ThrottledLoginForm(LoginForm):
    """Wagtail's login form (WAGTAILADMIN_USER_LOGIN_FORM), refusing once the limit is
    reached."""

    error_messages = {
        **LoginForm.error_messages,
        "throttled": _("Too many failed sign-in attempts. Wait %(minutes)s minutes and try again."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if self.request is not None and refused(self.request, username):
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.STAFF_LOGIN_WINDOW_MINUTES},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if self.request is not None:
                count_failure(self.request, username)
            raise
        if self.request is not None:
            forget_user(self.request, username)
        return cleaned
