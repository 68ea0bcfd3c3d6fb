"""Rows a municipality owns (`SiteScoped`, or through another row: an imported event through
its calendar), in the admin: a user lists, exports, searches, chooses, opens, changes, copies
and deletes only the rows of the sites they administer (`administered_sites`); a new row gets
their site. The one module for every app's snippets (the guide's, the directory's, the
calendars').

Coordinators hold the snippets' model permissions globally, and Wagtail's snippet views check
only those: they load an object by its id from the model's whole table. So the rows are
narrowed twice, in one module: a permission policy that answers per instance (what Wagtail's
bulk actions, copy view and edit links ask), and a viewset whose views load their object from
the user's sites only (another site's row is refused like a missing permission: the admin's
redirect to the dashboard, with a message; a chooser offers only the user's rows). The views
below are all a scoped snippet has: revisions, drafts, locking, previews and
workflows would need theirs too.
"""

from functools import reduce

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_list_or_404
from django.utils.functional import classproperty
from wagtail.admin.panels import FieldPanel, ObjectList, extract_panel_definitions_from_model_class
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views import chooser
from wagtail.snippets.views import snippets as views

from guide.sites import administered_sites


class SitePermissionPolicy(ModelPermissionPolicy):
    """The model permissions, on the rows of the sites the user administers only.

    `site_field` is the lookup from a row to its site: `site` for a `SiteScoped` row,
    `calendar__site` for one that belongs to a site through another row."""

    site_field = "site"

    def __init__(self, model, site_field=None, **kwargs):
        super().__init__(model, **kwargs)
        if site_field is not None:
            self.site_field = site_field

    def administered(self, user, queryset=None):
        """`queryset` (else all the model's rows) narrowed to the user's sites' rows."""
        queryset = self.model._default_manager.all() if queryset is None else queryset
        return queryset.filter(**{f"{self.site_field}__in": administered_sites(user)})

    def site_id_of(self, instance):
        *path, last = self.site_field.split("__")
        return getattr(reduce(getattr, path, instance), f"{last}_id")

    def administers(self, user, instance):
        return administered_sites(user).filter(pk=self.site_id_of(instance)).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.administers(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.administered(user, super().instances_user_has_any_permission_for(user, actions))

    def users_with_any_permission_for_instance(self, actions, instance):
        users = super().users_with_any_permission_for_instance(actions, instance)
        return users.filter(
            Q(is_superuser=True)
            | Q(groups__municipality_coordinated__site=self.site_id_of(instance))
        ).distinct()


def scope_by_site(*models):
    """Give `models` the site policy; before Wagtail asks for one (the top of a
    wagtail_hooks module), or Wagtail has made its own."""
    for model in models:
        register_permission_policy(model, SitePermissionPolicy(model))


def site_policy(model):
    """The model's `SitePermissionPolicy`, or None if its rows belong to no site."""
    policy = policy_registry.get_by_type(model, fallback=False)
    return policy if isinstance(policy, SitePermissionPolicy) else None


def is_site_scoped(model):
    return site_policy(model) is not None


# --- the views -------------------------------------------------------------------------------


class AdministeredObject:
    """Loads the view's object (however the view finds it) from the user's sites only."""

    def get_object(self, *args, **kwargs):
        row = super().get_object(*args, **kwargs)
        if row is not None and not site_policy(self.model).administers(self.request.user, row):
            raise PermissionDenied
        return row


class OffersSites:
    """A new row (or a copy) belongs to one of the user's sites: a coordinator of one
    municipality gets theirs without being asked; whoever has several (a superuser) chooses.
    (A row that belongs to a site through another has no `site` to offer.)"""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        field = form.fields.get("site")
        if field is None:
            return form
        sites = administered_sites(self.request.user)
        if not self.request.user.is_superuser and len(sites) == 1:
            form.instance.site = sites[0]
            del form.fields["site"]
            return form
        field.queryset = sites
        field.required = True
        if form.instance.pk is None:
            form.initial["site"] = None  # no default site to slip through unchosen
        return form


class KeepsSite:
    """An existing row stays in its site: its translations and references live there."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields.pop("site", None)
        return form


class CreateView(OffersSites, views.CreateView):
    pass


class CopyView(AdministeredObject, OffersSites, views.CopyView):
    pass


class EditView(AdministeredObject, KeepsSite, views.EditView):
    pass


class DeleteView(AdministeredObject, views.DeleteView):
    pass


class UsageView(AdministeredObject, views.UsageView):
    pass


class HistoryView(AdministeredObject, views.HistoryView):
    pass


class InspectView(AdministeredObject, views.InspectView):
    pass


class ChoosesAdministered:
    def get_object_list(self):
        policy = site_policy(self.model_class)
        return policy.administered(self.request.user, super().get_object_list())


class ChooseView(ChoosesAdministered, chooser.ChooseView):
    pass


class ChooseResultsView(ChoosesAdministered, chooser.ChooseResultsView):
    pass


class ChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return site_policy(self.model_class).administered(self.request.user).get(pk=pk)


class ChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return site_policy(self.model_class).administered(self.request.user).filter(pk__in=pks)


class ChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


class SiteScopedViewSet(views.SnippetViewSet):
    """A snippet viewset over the user's sites' rows, with the site chosen on creation."""

    add_view_class = CreateView
    copy_view_class = CopyView
    edit_view_class = EditView
    delete_view_class = DeleteView
    usage_view_class = UsageView
    history_view_class = HistoryView
    inspect_view_class = InspectView
    chooser_viewset_class = ChooserViewSet

    def get_queryset(self, request):
        """The listing, its search, filters and exports."""
        return site_policy(self.model).administered(request.user)

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(form_class.__name__, (ChecksSiteConstraints, form_class), {})

    def get_edit_handler(self):
        """The site first; the views decide whether it is asked. A viewset's own
        `edit_handler` places it itself; a row without a `site` of its own has none."""
        if hasattr(self, "edit_handler") or "site" not in {
            field.name for field in self.model._meta.fields
        }:
            return super().get_edit_handler()
        panels = (
            getattr(self, "panels", None)
            or getattr(self.model, "panels", None)
            or extract_panel_definitions_from_model_class(self.model)
        )
        panels = [panel for panel in panels if getattr(panel, "field_name", None) != "site"]
        return ObjectList([FieldPanel("site"), *panels]).bind_to_model(self.model)


class ChecksSiteConstraints:
    """A form whose view set the site instead of asking it still checks the constraints
    over the site (a calendar's feed once per site): Django skips those of a field that is
    not in the form."""

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        if "site" not in self.fields and getattr(self.instance, "site_id", None) is not None:
            exclusions.discard("site")
        return exclusions


class SiteScopedDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, offered only the user's sites' rows: the stock one lists the
    others by name as rows the user may not delete."""

    @classproperty
    def models(cls):
        return [model for model in get_snippet_models() if is_site_scoped(model)]

    def get_queryset(self, model, object_ids):
        return get_list_or_404(self.deletable(), pk__in=object_ids)

    def get_all_objects_in_listing_query(self, parent_id):
        return self.deletable().values_list("pk", flat=True)

    def deletable(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "delete")
