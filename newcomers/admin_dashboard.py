"""The coordinator's dashboard in the admin: the figures of one municipality over a period
(newcomers.dashboard's panels), as small charts with their tables, and as CSV. A coordinator
sees their own municipality's only (one they do not coordinate is an invalid choice, like a
bad date: a form error); a superuser picks any; everyone else is refused."""

import csv
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django import forms
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from guide.sites import administered_sites
from newcomers.admin_views import AdminScreen, coordinates
from newcomers.dashboard import PANELS, Scope
from newcomers.dashboard.base import People
from newcomers.dashboard.cohort import signed_up_in

#: the longest period asked at once (the retention looks 24 months past its sign-ups anyway)
LONGEST = timedelta(days=366 * 10)


def may_see(user):
    return coordinates(user)


def default_period(today):
    return today - relativedelta(months=12) + timedelta(days=1), today


class PeriodForm(forms.Form):
    site = forms.ModelChoiceField(queryset=None, label=_("Municipality"), required=True)
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, user):
        self.sites = administered_sites(user).order_by("site_name", "pk")
        start, end = default_period(timezone.localdate())
        only = None if user.is_superuser else list(self.sites[:2])
        super().__init__(
            {"start": start, "end": end, **data.dict()} if data else {"start": start, "end": end}
        )
        self.fields["site"].queryset = self.sites
        self.fields["site"].label_from_instance = lambda site: site.site_name or site.hostname
        if only is not None and len(only) == 1:
            # a coordinator of one municipality: theirs, whatever the URL says
            self.fields["site"].widget = forms.HiddenInput()
            self.data = {**self.data, "site": only[0].pk}
        elif not self.data.get("site"):
            default = self.sites.filter(is_default_site=True).first() or self.sites.first()
            self.data = {**self.data, "site": default.pk if default else ""}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("The end of the period comes before its start."))
            elif end - start > LONGEST:
                self.add_error("start", _("Choose a period of at most ten years."))
        return cleaned


class DashboardView(AdminScreen):
    page_title = _("Newcomers in figures")
    header_icon = "table"
    template_name = "newcomers/admin/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_see(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = PeriodForm(request.GET, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, panels=[]))
        data = form.cleaned_data
        scope = Scope(data["site"], data["start"], data["end"], timezone.now())
        tables = [(panel, panel.table(scope)) for panel in PANELS]
        if request.GET.get("format") == "csv":
            return csv_response(scope, tables)
        query = request.GET.copy()
        query["format"] = "csv"
        return self.render_to_response(
            self.get_context_data(
                form=form,
                scope=scope,
                panels=[chart(panel, table) for panel, table in tables],
                csv_url=f"?{query.urlencode()}",
            )
        )


def chart(panel, table):
    """What the template draws: the bars of the chart's column, as shares of the largest."""
    bars = [(label, cells[table.chart]) for label, cells in table.rows]
    largest = max((cell.bar for _label, cell in bars if cell.bar), default=0)
    return {
        "panel": panel,
        "table": table,
        "bars": [
            (label, cell, round(100 * cell.bar / largest, 1) if cell.bar and largest else 0)
            for label, cell in bars
        ],
        "chart_heading": table.columns[table.chart],
    }


def csv_response(scope, tables):
    """Every panel's table as rows of (panel, row, column, value): the suppressed values as
    on the screen."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"newcomers-{scope.site.pk}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(["panel", "row", "column", "value"])  # (a stable header for scripts)
    for panel, table in tables:
        for label, cells in table.rows:
            for column, cell in zip(table.columns, cells, strict=True):
                if str(cell):
                    writer.writerow([panel.key, label, column, str(cell)])
    return response


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see(request.user)


def menu_item():
    return DashboardMenuItem(
        _("Newcomers in figures"), reverse("newcomers_dashboard"), icon_name="table", order=50
    )


def admin_urls():
    return [path("newcomers-in-figures/", DashboardView.as_view(), name="newcomers_dashboard")]


class SummaryPanel(Component):
    """On the admin's home, for a coordinator: the last 12 months' sign-ups of their (first)
    municipality and the way to the dashboard. Two queries."""

    name = "newcomers_in_figures"
    order = 90
    template_name = "newcomers/admin/dashboard_summary.html"

    def __init__(self, site):
        self.site = site

    def get_context_data(self, parent_context):
        start, end = default_period(timezone.localdate())
        scope = Scope(self.site, start, end, timezone.now())
        total = signed_up_in(scope).count()
        return {"signed_up": People(total), "url": reverse("newcomers_dashboard")}


def add_summary_panel(request, panels):
    """construct_homepage_panels: the summary for whoever may see the dashboard."""
    if request.user.is_superuser or not may_see(request.user):
        return
    site = administered_sites(request.user).order_by("pk").first()
    panels.append(SummaryPanel(site))
