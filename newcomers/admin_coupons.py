"""The coordinator's coupons: their municipality's shops (created here, their staff invited
by e-mail), the coupons (approved or rejected, each decision in the audit log; or entered
here for a shop) and every shop's claims and redemptions per week. A coordinator sees their
own municipalities' shops only: another's is a 404. Registered by newcomers/wagtail_hooks.py."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem

from guide.sites import administered_sites
from newcomers import coupons
from newcomers.admin_views import AdminScreen, coordinates
from newcomers.models import Claim, Coupon, CouponStatus, Shop
from newcomers.shop_views import CouponForm


def can_manage_coupons(user):
    return coordinates(user)


class CouponAdminView(AdminScreen):
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_coupons(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class ShopForm(forms.ModelForm):
    class Meta:
        model = Shop
        fields = ["site", "name", "address", "contact"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = administered_sites(user)
        self.fields["site"].empty_label = None


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the shop's staff member"))


class CouponsView(CouponAdminView):
    """Coupons waiting for a decision first; the shops; claims and redemptions per week."""

    page_title = _("Coupons")
    template_name = "newcomers/admin/coupons.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        found = Coupon.objects.administered_by(user).select_related("shop")
        waiting = found.filter(status=CouponStatus.SUBMITTED).order_by("created_at")
        return {
            **super().get_context_data(**kwargs),
            "waiting": waiting,
            "coupons": found.exclude(status=CouponStatus.SUBMITTED).order_by("-valid_to")[:200],
            "shops": Shop.objects.administered_by(user).order_by("name"),
            "weeks": coupons.weekly(Claim.objects.filter(coupon__in=found))[:12],
            "shop_form": ShopForm(user=user),
        }

    def post(self, request, *args, **kwargs):
        form = ShopForm(request.POST, user=request.user)
        if not form.is_valid():
            context = self.get_context_data(**kwargs)
            return self.render_to_response({**context, "shop_form": form})
        shop = form.save()
        messages.success(request, _("The shop is created. Now invite its staff."))
        return redirect("newcomers_coupon_shop", shop.pk)


class ShopView(CouponAdminView):
    """One shop: invite its staff, enter a coupon for it, see its claims per week."""

    page_title = _("Shop")
    template_name = "newcomers/admin/coupon_shop.html"

    @cached_property
    def shop(self):
        return get_object_or_404(
            Shop.objects.administered_by(self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, invite_form=None, coupon_form=None, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "shop": self.shop,
            "staff": self.shop.staff.select_related("user").order_by("user__username"),
            "coupons": self.shop.coupons.order_by("-valid_to"),
            "weeks": coupons.weekly(Claim.objects.filter(coupon__shop=self.shop))[:12],
            "invite_form": invite_form or InviteForm(),
            "coupon_form": coupon_form or CouponForm(),
        }

    def post(self, request, *args, **kwargs):
        if "invite" in request.POST:
            form = InviteForm(request.POST)
            if form.is_valid():
                try:
                    coupons.invite(self.shop, form.cleaned_data["email"], request)
                except coupons.Refused as refused:
                    if refused.reason == "staff":
                        message = _("This address belongs to a staff user.")
                    else:
                        message = _("This address is the login of another shop.")
                    form.add_error("email", message)
                else:
                    messages.success(request, _("The invitation is sent."))
                    return redirect("newcomers_coupon_shop", self.shop.pk)
            return self.render_to_response(self.get_context_data(invite_form=form))
        form = CouponForm(request.POST)
        if form.is_valid():
            coupon = form.save(commit=False)
            coupon.shop, coupon.status = self.shop, CouponStatus.SUBMITTED
            coupon.save()
            messages.success(request, _("The coupon is saved; approve it to show it."))
            return redirect("newcomers_coupon_shop", self.shop.pk)
        return self.render_to_response(self.get_context_data(coupon_form=form))


class DecideView(CouponAdminView):
    """Approve or reject a coupon (POST)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        coupon = get_object_or_404(Coupon.objects.administered_by(request.user), pk=pk)
        approve = "approve" in request.POST
        coupons.decide(coupon, request.user, approve)
        if approve:
            messages.success(request, _("Approved: newcomers see the coupon from its first day."))
        else:
            messages.success(request, _("Rejected: newcomers do not see the coupon."))
        return redirect("newcomers_coupons")


def admin_urls():
    return [
        path("coupons/", CouponsView.as_view(), name="newcomers_coupons"),
        path("coupons/<int:pk>/decide/", DecideView.as_view(), name="newcomers_coupon_decide"),
        path("coupons/shops/<int:pk>/", ShopView.as_view(), name="newcomers_coupon_shop"),
    ]


class CouponsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_coupons(request.user)


def menu_item():
    return CouponsMenuItem(_("Coupons"), reverse("newcomers_coupons"), icon_name="tag", order=263)


def register_log_actions(actions):
    actions.register_action("newcomers.coupon.approve", _("Approve coupon"), _("Coupon approved"))
    actions.register_action("newcomers.coupon.reject", _("Reject coupon"), _("Coupon rejected"))
