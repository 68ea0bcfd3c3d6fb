"""The municipalities in the admin, for superusers only: create one (its site, its home page in
each of its languages and its coordinators' room, in one go), rename it, change its address.
And the tree's borders: no page moves or is copied from one municipality's tree into
another's, whoever asks."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.validators import RegexValidator
from django.db import transaction
from django.db.models import Count, ProtectedError, Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.response import Response
from wagtail.admin import messages
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page, Site
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.sites.views import DeleteView as SiteDeleteView
from wagtail.sites.views import SiteViewSet

from communities.municipalities import create_municipality, update_municipality
from guide.models import Municipality
from guide.sites import site_of_page

validate_hostname = RegexValidator(
    r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$",
    gettext_lazy("Enter a host name such as aabenraa.velkomst.dk, without http:// or a path."),
)


class SuperusersOnly(BasePermissionPolicy):
    """Only a superuser makes or changes a municipality: its coordinators would otherwise
    reach other sites. None deletes one here: that is deleting its site."""

    def user_has_permission(self, user, action):
        return action != "delete" and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        if not set(actions) - {"delete"}:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


register_permission_policy(Municipality, SuperusersOnly(Municipality))


class MunicipalityForm(WagtailAdminModelForm):
    hostname = forms.CharField(
        label=gettext_lazy("host name"),
        max_length=255,
        validators=[validate_hostname],
        help_text=gettext_lazy("The address its website and app are served from."),
    )
    port = forms.IntegerField(label=gettext_lazy("port"), initial=80, min_value=1, max_value=65535)

    class Meta:
        model = Municipality
        fields = []  # the panels name them
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["hostname"] = self.instance.site.hostname
            self.initial["port"] = self.instance.site.port

    def clean_hostname(self):
        return self.cleaned_data["hostname"].strip().lower()

    def clean(self):
        cleaned_data = super().clean()
        others = Municipality.objects.exclude(pk=self.instance.pk)
        if others.filter(name__iexact=cleaned_data.get("name", "")).exists():
            self.add_error("name", _("Another municipality has this name."))
        hostname, port = cleaned_data.get("hostname"), cleaned_data.get("port")
        sites = Site.objects.exclude(pk=self.instance.site_id if self.instance.pk else None)
        if hostname and port and sites.filter(hostname__iexact=hostname, port=port).exists():
            self.add_error(
                "hostname", _("Another site has this host name and port: choose another.")
            )
        return cleaned_data

    def save(self, commit=True):
        municipality = super().save(commit=False)
        address = self.cleaned_data["hostname"], self.cleaned_data["port"]
        provision = update_municipality if municipality.pk else create_municipality
        return provision(municipality, *address, user=self.for_user)


def _host(municipality):
    site = municipality.site
    return site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"


def _languages(municipality):
    return ", ".join(municipality.languages)


class MunicipalityIndexView(generic.IndexView):
    def get_base_queryset(self):
        active = Q(coordinators__user__is_active=True)
        return (
            super()
            .get_base_queryset()
            .select_related("site")
            .annotate(coordinator_count=Count("coordinators__user", filter=active))
        )


class MunicipalityViewSet(ModelViewSet):
    model = Municipality
    icon = "site"
    add_to_admin_menu = True
    menu_order = 610
    index_view_class = MunicipalityIndexView
    list_display = [
        "name",
        Column("host", label=gettext_lazy("Host name"), accessor=_host),
        Column("languages", label=gettext_lazy("Languages"), accessor=_languages),
        Column("coordinator_count", label=gettext_lazy("Coordinators")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("hostname"), FieldPanel("port")]),
            FieldPanel("languages"),
            FieldPanel("default_language"),
            MultiFieldPanel(
                [
                    FieldPanel("email"),
                    FieldPanel("phone"),
                    FieldPanel("address"),
                    FieldPanel("website"),
                ],
                heading=gettext_lazy("Contact"),
            ),
            FieldPanel("colour"),
            FieldPanel("logo"),
        ],
        base_form_class=MunicipalityForm,
    )

    def get_permissions_to_register(self):
        # the policy asks for none: a group's rights here would change nothing
        return Permission.objects.none()


class GuardedSiteDeleteView(SiteDeleteView):
    """Wagtail's site delete, refusing with a message while rows of the site remain (their
    foreign keys protect it) instead of failing."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError as error:
            kinds = sorted({str(row._meta.verbose_name_plural) for row in error.protected_objects})
            messages.error(
                self.request,
                _(
                    "The site %(site)s still has %(kinds)s: delete them or move them to another "
                    "site first."
                )
                % {"site": self.object, "kinds": ", ".join(kinds)},
            )
            return redirect("wagtailsites:edit", self.object.pk)


class GuardedSiteViewSet(SiteViewSet):
    delete_view_class = GuardedSiteDeleteView


def guarded_site_delete_view():
    """The delete view for Wagtail's own path (sites/delete/<pk>/), with its viewset's URL
    names."""
    return GuardedSiteViewSet("wagtailsites", url_prefix="sites").delete_view


def _crossing_message(page, target):
    return _("%(page)s belongs to %(site)s and cannot move or be copied to %(target)s.") % {
        "page": page.get_admin_display_title(),
        "site": page_site_name(page),
        "target": page_site_name(target),
    }


def _refusal(request, page, target):
    messages.error(request, _crossing_message(page, target))
    return redirect("wagtailadmin_explore", page.get_parent().pk)


def page_site_name(page):
    site = site_of_page(page)
    if site is None:
        return _("no municipality")
    return site.site_name or site.hostname


def crosses(page, destination):
    """Whether putting `page` (or a copy) below `destination` takes it into another
    municipality's tree, or out of its own."""
    own = site_of_page(page)
    return own is not None and own != site_of_page(destination)


def refuse_crossing_move(request, page, destination):
    if crosses(page, destination):
        return _refusal(request, page, destination)


def refuse_crossing_copy(request, page):
    # the destination arrives with the form; the first, empty form has none yet
    chosen = request.POST.get("new_parent_page", "")
    destination = Page.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if destination is not None and crosses(page, destination):
        return _refusal(request, page, destination)


def refuse_crossing_bulk_move(request, action_type, objects, action_class_instance):
    if action_type != "move" or not issubclass(action_class_instance.model, Page):
        return None
    destination = action_class_instance.cleaned_form.cleaned_data["chooser"]
    for page in objects:
        if crosses(page, destination):
            return _refusal(request, page, destination)


class BorderedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    """Wagtail's admin API for pages, whose move, copy and alias actions skip the admin's
    hooks: the same border here."""

    def action_view(self, request, pk, action_name):
        destination = self._destination(request.data, action_name)
        if destination is not None:
            page = self.get_object()
            if crosses(page, destination):
                message = _crossing_message(page, destination)
                return Response({"destination_page_id": [message]}, status=400)
        return super().action_view(request, pk, action_name)

    @staticmethod
    def _destination(data, action_name):
        """The parent the action would put the page or its copy under, if it names one."""
        chosen = str(data.get("destination_page_id", ""))
        if action_name not in ("move", "copy", "create_alias") or not chosen.isdigit():
            return None
        target = Page.objects.filter(pk=int(chosen)).first()
        # as MovePageAction reads its position: beside the target unless below it
        beside = action_name == "move" and data.get("position") not in (
            "first-child",
            "last-child",
            "sorted-child",
        )
        return target.get_parent() if target is not None and beside else target


def border_admin_api(router):
    """construct_admin_api: the pages endpoint with the border."""
    router.register_endpoint("pages", BorderedPagesAdminAPIViewSet)
