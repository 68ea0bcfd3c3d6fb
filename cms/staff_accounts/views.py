"""The admin's pages for the second step: the code at sign-in (`VerifyView`), setting up an
authenticator app (`SetupView`) and the user's overview with recovery codes
(`TwoFactorView`), in the account menu."""

from base64 import b32encode

import django_otp
import segno
from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.staff_accounts import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": ""}),
    )


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("wagtailadmin_home")


def _locked(user, code):
    """Why a code is not even tried, after wrong ones (django-otp's throttling), or None."""
    until = two_factor.locked_until(user, code)
    return None if until is None else _locked_message(until)


def _locked_message(until):
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
    return ngettext(
        "Too many wrong codes. Try again in %(seconds)s second.",
        "Too many wrong codes. Try again in %(seconds)s seconds.",
        seconds,
    ) % {"seconds": seconds}


WRONG_CODE = _("That code is not right. Try again.")


def _signed_in_with(request, device):
    django_otp.login(request, device)
    request.session.cycle_key()  # a new session id for the fully signed-in session


class TwoFactorEnabled:
    def dispatch(self, request, *args, **kwargs):
        if not two_factor.enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class VerifyView(TwoFactorEnabled, TemplateView):
    """After the password: a code from the app, or a recovery code (used up)."""

    template_name = "cms/staff_accounts/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if two_factor.enabled() and (
            request.user.is_verified() or not two_factor.has_device(request.user)
        ):
            return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CodeForm())
        return super().get_context_data(next=_next_url(self.request), **kwargs)

    def post(self, request, *args, **kwargs):
        form = CodeForm(request.POST)
        if form.is_valid() and (locked := _locked(request.user, form.cleaned_data["code"])):
            form.add_error("code", locked)
        elif form.is_valid():
            device = two_factor.verified_device(request.user, form.cleaned_data["code"])
            if device is not None:
                _signed_in_with(request, device)
                if isinstance(device, StaticDevice):
                    messages.warning(
                        request,
                        _(
                            "You used a recovery code; %(left)s are left. If your phone is "
                            "lost, set up the app again under Account → Two-step verification."
                        )
                        % {"left": two_factor.recovery_codes_left(request.user)},
                    )
                return redirect(_next_url(request))
            form.add_error("code", WRONG_CODE)
        return self.render_to_response(self.get_context_data(form=form))


class SetupView(TwoFactorEnabled, WagtailAdminTemplateMixin, TemplateView):
    """An authenticator app: scan the QR code (or type the key), then confirm with a code;
    ten recovery codes are shown once."""

    template_name = "cms/staff_accounts/setup.html"
    page_title = _("Set up two-step verification")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        # replacing the app needs the second step already given: a password is not enough
        if (
            two_factor.enabled()
            and two_factor.has_device(request.user)
            and not request.user.is_verified()
        ):
            return redirect("staff_two_factor_verify")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = two_factor.unconfirmed_app(self.request.user)
        uri = device.config_url
        kwargs.setdefault("form", CodeForm())
        return super().get_context_data(
            required=two_factor.is_required(self.request.user),
            qr_code=segno.make(uri, error="m").svg_inline(
                scale=5, border=2, dark="#000", light="#fff", title=str(_("QR code"))
            ),
            secret=b32encode(device.bin_key).decode(),
            uri=uri,
            next=_next_url(self.request),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = CodeForm(request.POST)
        device = two_factor.unconfirmed_app(request.user)
        if form.is_valid():
            allowed, details = device.verify_is_allowed()
            if not allowed:
                form.add_error("code", _locked_message(details["locked_until"]))
            elif two_factor.confirm_app(device, form.cleaned_data["code"]):
                _signed_in_with(request, device)
                return _show_codes(request, two_factor.new_recovery_codes(request.user))
            else:
                form.add_error("code", WRONG_CODE)
        return self.render_to_response(self.get_context_data(form=form))


class TwoFactorView(TwoFactorEnabled, WagtailAdminTemplateMixin, TemplateView):
    """The user's second step: set up or replace the app, new recovery codes, turn it off
    where it is not required."""

    template_name = "cms/staff_accounts/overview.html"
    page_title = _("Two-step verification")
    header_icon = "key"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            has_app=two_factor.has_app(user),
            codes_left=two_factor.recovery_codes_left(user),
            required=two_factor.is_required(user),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        user = request.user
        action = request.POST.get("action")
        if action == "codes" and two_factor.has_app(user):
            return _show_codes(request, two_factor.new_recovery_codes(user))
        if action == "remove" and not two_factor.is_required(user):
            two_factor.remove_devices(user)
            messages.success(request, _("Two-step verification is off for your account."))
        return redirect("staff_two_factor")


def _show_codes(request, codes):
    """The recovery codes, in this response only: they are stored for checking, never shown
    again."""
    return TemplateResponse(
        request,
        "cms/staff_accounts/codes.html",
        {
            "codes": codes,
            "next": _next_url(request),
            "page_title": _("Your recovery codes"),
            "header_title": _("Your recovery codes"),
        },
    )


def admin_urls():
    return [
        path("two-step/", TwoFactorView.as_view(), name="staff_two_factor"),
        path("two-step/verify/", VerifyView.as_view(), name="staff_two_factor_verify"),
        path("two-step/setup/", SetupView.as_view(), name="staff_two_factor_setup"),
    ]


def account_menu_item(request):
    if not two_factor.enabled():
        return None
    return {
        "url": reverse("staff_two_factor"),
        "label": _("Two-step verification"),
        "help_text": _("A code from your phone at each sign-in, and recovery codes."),
    }
