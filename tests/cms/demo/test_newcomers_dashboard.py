"""The demo fills every panel of the coordinator's dashboard: each has a number shown (not
only "fewer than 5"), the demo coordinator sees it, and a second run adds nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

from cms.demo import newcomers_dashboard
from newcomers.models import Account, DepartedAccount, Enquiry
from tests.newcomers.dashboard_helpers import DASHBOARD, read_csv

pytestmark = pytest.mark.usefixtures("demo")


def test_every_panel_of_the_demo_dashboard_has_figures(db, client, english):
    client.force_login(get_user_model().objects.get(username="coordinator"))
    page = client.get(DASHBOARD)
    assert page.status_code == 200
    figures = read_csv(client.get(DASHBOARD, {"format": "csv"}))
    panels = {panel for panel, _row, _column in figures}
    assert panels == {
        "signups", "ambassador_contact", "consents", "events", "associations", "enquiries",
        "mentors", "coupons", "retention",
    }  # fmt: skip
    for panel in panels:
        numbers = [v for (p, _r, _c), v in figures.items() if p == panel and v[0].isdigit()]
        assert numbers, panel
    # the retention after 6 months of the last 12 months' sign-ups, and the plan's 50.8 %
    assert figures["retention", "After 6 months", "Share"].endswith("%")
    plan = "Plan: newcomers of 2015, still living here after 3 years"
    assert figures["retention", plan, "Share"] == "50.8 %"

    site = Account.objects.get(email=newcomers_dashboard.EMAIL.format(0)).site
    counts = lambda: (  # noqa: E731
        Account.objects.count(),
        DepartedAccount.objects.count(),
        Enquiry.objects.aggregate(n=Count("pk"))["n"],
    )
    before = counts()
    newcomers_dashboard.seed(site)
    assert counts() == before
