"""Until a staff user has given their second step, the admin shows them only the step.

After `django_otp.middleware.OTPMiddleware` (which knows whether this session gave a code):
a signed-in user who has a device but whose session gave no code is sent to the code page; a
user who must have a device and has none, to its setup. Nothing else of the admin opens,
and elsewhere (documents, the API's session authentication) the session counts as nobody's.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from cms.staff_accounts import two_factor

# the admin's pages for someone not (fully) signed in, open at every step
OPEN = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
}
STEP_PAGES = {"verify": "staff_two_factor_verify", "setup": "staff_two_factor_setup"}


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not two_factor.enabled():
            return self.get_response(request)
        in_admin = request.path_info.startswith(reverse("wagtailadmin_home"))
        # outside the admin, a request without a session is left alone: reading the user
        # would mark the response as varying by cookie (the API's cached responses)
        if not in_admin and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = request.user
        step = two_factor.pending_step(user) if user.is_authenticated else None
        if step is None:
            return self.get_response(request)
        if not in_admin:
            request.user = AnonymousUser()
            return self.get_response(request)
        if _url_name(request) in OPEN | {STEP_PAGES[step]}:
            return self.get_response(request)
        url = reverse(STEP_PAGES[step])
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


def _url_name(request):
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None
