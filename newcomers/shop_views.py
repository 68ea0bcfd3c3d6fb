"""The shop staff's pages, /shops/: sign in (limited as the admin's login), type or scan a
newcomer's code, see the coupon and whose it is (first name only), redeem it; the shop's
claims and redemptions per week; a new coupon for the coordinator to approve; setting the
password from the invitation. Server-rendered for a phone, not the Wagtail admin: shop staff
are users who are not staff."""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.staff_accounts import login_throttle
from newcomers import coupons
from newcomers.models import Claim, Coupon, CouponStatus, ShopStaff


def staff_of(user):
    if not user.is_authenticated or not user.is_active:
        return None
    return ShopStaff.objects.select_related("shop").filter(user=user).first()


def shop_staff_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        staff = staff_of(request.user)
        if staff is None:
            return redirect("shop_sign_in")
        request.shop = staff.shop
        return view(request, *args, **kwargs)

    return wrapped


class SignInForm(AuthenticationForm):
    """Django's login form, refused after too many failures as the admin's
    (cms.staff_accounts.login_throttle)."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if login_throttle.refused(self.request, username):
            raise ValidationError(
                login_throttle.ThrottledLoginForm.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.STAFF_LOGIN_WINDOW_MINUTES},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            login_throttle.count_failure(self.request, username)
            raise
        login_throttle.forget_user(self.request, username)
        return cleaned

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not ShopStaff.objects.filter(user=user).exists():
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")


def sign_in(request):
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect("shop_home")
    return render(request, "newcomers/shop/sign_in.html", {"form": form, "title": _("Sign in")})


@require_POST
def sign_out(request):
    logout(request)
    return redirect("shop_sign_in")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("The newcomer's code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=gettext_lazy("Letters and digits, e.g. 7QK2-M9XD-4T."),
    )


def _too_many_forged(request):
    key = f"coupon-code-failures:{request.user.pk}"
    return (cache.get(key) or 0) >= settings.COUPON_CODE_ATTEMPTS, key


def _count_forged(key):
    if not cache.add(key, 1, 3600):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, 3600)


@shop_staff_required
def home(request):
    """Type a code (POST `check`), see the claim; redeem it (POST `redeem`)."""
    shop = request.shop
    form = CodeForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        throttled, key = _too_many_forged(request)
        if throttled:
            form.add_error("code", _("Too many wrong codes. Wait an hour and try again."))
        else:
            typed = form.cleaned_data["code"]
            if "redeem" in request.POST:
                result = coupons.redeem(shop, typed, request.user)
                if not result.refusal:
                    messages.success(
                        request,
                        _("Redeemed: %(coupon)s. Thank you!") % {"coupon": result.claim.coupon},
                    )
                    return redirect("shop_home")
            else:
                result = coupons.check(shop, typed)
            if result.refusal == "forged":
                _count_forged(key)
            if result.refusal:
                form.add_error("code", coupons.refusal_message(result.refusal))
    claims = Claim.objects.filter(coupon__shop=shop)
    context = {
        "title": shop.name,
        "shop": shop,
        "form": form,
        "result": result if result and not result.refusal else None,
        "first_name": _first_name(result.claim) if result and result.claim else "",
        "weeks": coupons.weekly(claims)[:12],
        "coupons": shop.coupons.order_by("-valid_to", "-pk")[:50],
        "today": timezone.localdate(),
    }
    return render(request, "newcomers/shop/home.html", context)


def _first_name(claim):
    profile = getattr(claim.account, "profile", None)
    return (profile.first_name if profile else "") or _("a newcomer")


class CouponForm(forms.ModelForm):
    class Meta:
        model = Coupon
        fields = [
            "title",
            "title_en",
            "title_de",
            "text",
            "text_en",
            "text_de",
            "value",
            "value_en",
            "value_de",
            "valid_from",
            "valid_to",
            "total",
            "moved_within_months",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_total(self):
        total = self.cleaned_data["total"]
        if total < 1:
            raise ValidationError(_("Offer at least one."))
        return total

    def clean_valid_to(self):
        valid_to = self.cleaned_data["valid_to"]
        if valid_to < timezone.localdate():
            raise ValidationError(_("The last day cannot be in the past."))
        return valid_to

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The last day must be on or after the first day."))
        return cleaned


@shop_staff_required
def new_coupon(request):
    """A coupon the shop offers, submitted for the coordinator's approval."""
    form = CouponForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        coupon = form.save(commit=False)
        coupon.shop, coupon.status = request.shop, CouponStatus.SUBMITTED
        coupon.save()
        messages.success(
            request,
            _("Thank you. Newcomers see the coupon once the municipality approves it."),
        )
        return redirect("shop_home")
    return render(
        request, "newcomers/shop/coupon_form.html", {"form": form, "title": _("A new coupon")}
    )


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation's link: choose a password, and land signed in on the shop's page."""

    template_name = "newcomers/shop/set_password.html"
    post_reset_login = True
    success_url = reverse_lazy("shop_home")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and staff_of(user) is not None else None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": _("Choose your password")}


urlpatterns = [
    path("", home, name="shop_home"),
    path("sign-in/", sign_in, name="shop_sign_in"),
    path("sign-out/", sign_out, name="shop_sign_out"),
    path("coupons/new/", new_coupon, name="shop_new_coupon"),
    path("set-password/<uidb64>/<token>/", SetPasswordView.as_view(), name="shop_set_password"),
]
