"""The coordinator's moderation: entries and changes waiting, each compared field by field
with the published entry, approved or rejected with a reason. A coordinator sees and decides
their own municipality's only: another's submission is a 404."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from directory import moderation
from directory.forms import FIELDS, data_of
from directory.models import Association, AssociationSubmission
from directory.permissions import can_moderate_associations


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (e-mailed to the association)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class ModeratorView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate_associations(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class SubmissionListView(ModeratorView):
    page_title = _("Association entries waiting")
    template_name = "directory/admin/submissions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["submissions"] = (
            AssociationSubmission.objects.administered_by(user)
            .waiting()
            .select_related("association")
        )
        context["stale"] = Association.objects.administered_by(user).filter(
            reminded_at__isnull=False, hidden=False
        )
        return context


class SubmissionReviewView(ModeratorView):
    page_title = _("Review an association entry")
    template_name = "directory/admin/review.html"

    @cached_property
    def submission(self):
        """Read after the moderator check, so a user who may not moderate learns nothing."""
        return get_object_or_404(
            AssociationSubmission.objects.administered_by(self.request.user).select_related(
                "association"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, reject_form=None, errors=None, **kwargs):
        context = super().get_context_data(**kwargs)
        published = data_of(self.submission.association) if self.submission.is_change else {}
        proposed = self.submission.data
        context.update(
            submission=self.submission,
            rows=[
                {
                    "field": Association._meta.get_field(name).verbose_name,
                    "published": published.get(name, ""),
                    "proposed": proposed.get(name, ""),
                    "changed": self.submission.is_change
                    and published.get(name) != proposed.get(name),
                }
                for name in FIELDS
            ],
            reject_form=reject_form or RejectForm(),
            errors=errors,
            waiting=self.submission.status == AssociationSubmission.Status.PENDING,
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.submission.status != AssociationSubmission.Status.PENDING:
            messages.error(request, _("This entry has already been decided."))
            return redirect("directory_submissions")
        if "approve" in request.POST:
            form = moderation.approve(self.submission, request.user)
            if form.errors:
                return self.render_to_response(self.get_context_data(errors=form.errors))
            messages.success(request, _("Approved and published."))
            return redirect("directory_submissions")
        reject_form = RejectForm(request.POST)
        if not reject_form.is_valid():
            return self.render_to_response(self.get_context_data(reject_form=reject_form))
        moderation.reject(self.submission, request.user, reject_form.cleaned_data["reason"])
        messages.success(request, _("Rejected; the association has been told why."))
        return redirect(reverse("directory_submissions"))
