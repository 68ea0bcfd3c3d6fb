"""The enquiries in the admin: the listing with this year's figures, and an enquiry's page
where staff assign it, answer it by e-mail and close it. A user sees the enquiries of the
municipalities they coordinate only (every one for a superuser): another's is a 404."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem

from guide import access_log
from guide.models import Contact
from guide.models.contacts import TOPICS
from newcomers import enquiries
from newcomers.admin_views import AdminScreen, coordinates
from newcomers.models import Enquiry, EnquiryStatus


def may_see(user):
    return coordinates(user)


class EnquiryView(AdminScreen):
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        if not may_see(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def enquiries(self):
        return Enquiry.objects.administered_by(self.request.user)


class EnquiryListView(EnquiryView):
    page_title = _("Enquiries")
    template_name = "newcomers/admin/enquiries.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        topic = self.request.GET.get("topic", "")
        listed = self.enquiries().select_related("contact")
        if status in EnquiryStatus.values:
            listed = listed.filter(status=status)
        if topic in dict(TOPICS):
            listed = listed.filter(topic=topic)
        now = timezone.now()
        rows = list(listed[:500])
        for enquiry in rows:
            enquiry.age_days = (now - enquiry.created_at).days
        context.update(
            enquiries=rows,
            statuses=EnquiryStatus.choices,
            topics=TOPICS,
            status=status,
            topic=topic,
            figures=enquiries.figures(self.enquiries(), timezone.localdate().year),
        )
        return context


class AssignForm(forms.Form):
    contact = forms.ModelChoiceField(queryset=Contact.objects.none(), label=_("Contact"))

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = enquiries.contacts_of(site)


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer (e-mailed to the enquirer)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
    )


class EnquiryDetailView(EnquiryView):
    page_title = _("Enquiry")
    template_name = "newcomers/admin/enquiry.html"

    @cached_property
    def enquiry(self):
        """Read after the access check, so a user who may not see it learns nothing."""
        return get_object_or_404(
            self.enquiries().select_related("contact", "site"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, assign_form=None, answer_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        enquiry = self.enquiry
        access_log.viewed(self.request.user, enquiry.site, "enquiry", ref=enquiry.pk)
        context.update(
            enquiry=enquiry,
            answers=enquiries.with_delivery(enquiry.answers.select_related("sent_by")),
            assign_form=assign_form
            or AssignForm(site=enquiry.site, initial={"contact": enquiry.contact_id}),
            answer_form=answer_form or AnswerForm(),
            closed=enquiry.status == EnquiryStatus.CLOSED,
        )
        return context

    def post(self, request, *args, **kwargs):
        enquiry, user = self.enquiry, request.user
        if enquiry.status == EnquiryStatus.CLOSED:
            messages.error(request, _("This enquiry is closed."))
            return redirect("newcomers_enquiry", pk=enquiry.pk)
        if "close" in request.POST:
            enquiries.close(enquiry, user)
            messages.success(request, _("The enquiry is closed."))
            return redirect("newcomers_enquiries")
        if "assign" in request.POST:
            form = AssignForm(request.POST, site=enquiry.site)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(assign_form=form))
            enquiries.assign(enquiry, form.cleaned_data["contact"], user)
            messages.success(request, _("Assigned; the contact has been told by e-mail."))
            return redirect("newcomers_enquiry", pk=enquiry.pk)
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(answer_form=form))
        enquiries.answer(enquiry, form.cleaned_data["text"], user)
        messages.success(request, _("The answer is on its way to the enquirer."))
        return redirect("newcomers_enquiry", pk=enquiry.pk)


class EnquiriesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see(request.user)


def register_log_actions(actions):
    actions.register_action("newcomers.enquiry.assign", _("Assign"), _("Enquiry assigned"))
    actions.register_action("newcomers.enquiry.answer", _("Answer"), _("Enquiry answered"))
    actions.register_action("newcomers.enquiry.close", _("Close"), _("Enquiry closed"))
