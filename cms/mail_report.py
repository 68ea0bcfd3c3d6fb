"""The admin's report of e-mails not delivered (guide.mail): those given up after their last
try and those waiting for another. A coordinator sees the mail of their municipalities; mail
tied to no site (none is, today: every sender names one) only superusers."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Site

from guide import mail
from guide.sites import administered_sites


def may_see(user):
    return user.is_superuser or administered_sites(user).exists()


class UndeliveredMailView(ReportView):
    page_title = _("E-mails not delivered")
    header_icon = "mail"
    index_url_name = "undelivered_mail"
    index_results_url_name = "undelivered_mail_results"
    columns = [
        Column("to", label=_("To")),
        Column("subject", label=_("Subject")),
        Column("municipality", label=_("Municipality")),
        DateColumn("enqueued_at", label=_("Queued")),
        Column("state", label=_("Status")),
        DateColumn("next_try", label=_("Next try")),
        Column("error", label=_("Error")),
    ]
    list_export = ["to", "subject", "municipality", "enqueued_at", "state", "next_try", "error"]

    def dispatch(self, request, *args, **kwargs):
        if not may_see(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        return mail.undelivered(None if user.is_superuser else administered_sites(user))

    def decorate_paginated_queryset(self, results):
        sites = {
            site.pk: site
            for site in Site.objects.select_related("municipality").filter(
                pk__in={row.args_kwargs["kwargs"]["message"]["site"] for row in results}
            )
        }
        for row in results:
            message = row.args_kwargs["kwargs"]["message"]
            site = sites.get(message["site"])
            row.to = ", ".join(message["to"])
            row.subject = message["subject"]
            row.municipality = site_name(site)
            given_up = row.status == TaskResultStatus.FAILED
            row.state = _("Given up") if given_up else _("Retrying")
            row.next_try = None if given_up else row.run_after
            # the failure's last line: "guide.mail.MailNotDelivered: SMTP…: why"
            row.error = (
                row.traceback.strip().rsplit("\n", 1)[-1]
                if given_up
                else row.args_kwargs["kwargs"]["last_error"]
            )
        return results


def site_name(site):
    if site is None:
        return ""
    municipality = getattr(site, "municipality", None)
    return municipality.name if municipality else site.site_name or site.hostname


class UndeliveredMailMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see(request.user)


def admin_urls():
    return [
        path("reports/undelivered-mail/", UndeliveredMailView.as_view(), name="undelivered_mail"),
        path(
            "reports/undelivered-mail/results/",
            UndeliveredMailView.as_view(results_only=True),
            name="undelivered_mail_results",
        ),
    ]


def menu_item():
    return UndeliveredMailMenuItem(
        _("E-mails not delivered"), reverse("undelivered_mail"), icon_name="mail", order=700
    )
