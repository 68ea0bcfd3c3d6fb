"""9. Retention: of the newcomers who signed up in the period, how many were still in touch
6, 12 and 24 months later; beside it the plan's own figure, from its statistics (figures)."""

from datetime import timedelta

from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.utils.translation import gettext_lazy as _

from figures.models import Row
from newcomers.dashboard.base import BLANK, Part, People, Percent, PlusDays, Share, Table, panel
from newcomers.dashboard.cohort import departed_in, signed_up_in
from newcomers.models import ConsentRecord
from newcomers.models.consent import PURPOSE_CODES

#: (months, the days counted for them)
HORIZONS = ((6, 183), (12, 365), (24, 730))
#: the plan's series of who of each year's newcomers left in which year (cms/demo/figures.py)
COHORT_SERIES = "cohort-departures"
PLAN_YEARS = 3


def _running_at(days):
    """A consent of the account running `days` after its sign-up: for some purpose, its
    latest record by then gives it (one index seek per purpose)."""
    moment = PlusDays(OuterRef("created_at"), days)
    running = Q(pk__in=[])
    for purpose in PURPOSE_CODES:
        latest = ConsentRecord.objects.filter(
            account=OuterRef("pk"), purpose=purpose, recorded_at__lte=moment
        ).order_by("-recorded_at", "-pk")
        running |= Q(Subquery(latest.values("given")[:1]))
    return running


def plan_cohorts(site):
    """[(year, newcomers, share still living here after PLAN_YEARS years in percent)] of
    the plan's cohort series of `site`, for each cohort with all those years (one query)."""
    cohorts = {}
    for label, values in Row.objects.filter(
        series__site=site, series__slug=COHORT_SERIES
    ).values_list("label", "values"):
        year, left_in = int(label), int(values["left_in_year"])
        cohort = cohorts.setdefault(
            year, {"size": values["cohort_size"], "left": 0, "years": set()}
        )
        if left_in < year + PLAN_YEARS:
            cohort["left"] += values["left_count"]
            cohort["years"].add(left_in)
    return [
        (year, c["size"], round(100 - 100 * c["left"] / c["size"], 1))
        for year, c in sorted(cohorts.items())
        if len(c["years"]) == PLAN_YEARS and c["size"]
    ]


@panel(
    "retention",
    _("Retention"),
    _(
        "Of the newcomers who signed up in the period (deleted accounts included, never as "
        "in touch): of those who signed up at least 6, 12 or 24 months ago, how many were "
        "still in touch then: their account is still there and at that time a consent was "
        "running, or they signed in at or after it. Below, the plan's figure: the share of "
        "each year's newcomers still living in the municipality three years on."
    ),
    order=80,
)
def retention(scope):
    # the horizons someone of the period can have reached; the others are not counted
    reached = [(m, d) for m, d in HORIZONS if scope.since <= scope.now - timedelta(days=d)]
    counts = {"signed_up": Count("pk")}  # (so there is always something to ask)
    for months, days in reached:
        due = Q(created_at__lte=scope.now - timedelta(days=days))
        counts[f"due_{months}"] = Count("pk", filter=due)
        # in the filter itself (not an alias), so the subqueries run for the due ones only
        signed_in = Q(last_sign_in_at__gte=PlusDays(F("created_at"), days))
        counts[f"kept_{months}"] = Count("pk", filter=due & (signed_in | _running_at(days)))
    counts = signed_up_in(scope).aggregate(**counts)
    departed = departed_in(scope).aggregate(
        signed_up=Count("pk"),
        **{
            f"due_{m}": Count(
                "pk", filter=Q(signed_up_month__lte=(scope.now - timedelta(days=d)).date())
            )
            for m, d in reached
        },
    )
    table = Table([_("Signed up that long ago"), _("Still in touch"), _("Share")], chart=2)
    for months, days in HORIZONS:
        if (months, days) not in reached:
            # nobody of the period can have been here that long: no group of people to hide
            table.add(
                _("After %(months)s months: not reached yet") % {"months": months},
                BLANK,
                BLANK,
                BLANK,
            )
            continue
        due = counts[f"due_{months}"] + departed[f"due_{months}"]
        kept = counts[f"kept_{months}"]
        table.add(
            _("After %(months)s months") % {"months": months},
            People(due),
            Part(kept, due),
            Share(kept, due),
        )
    for year, size, stayed in plan_cohorts(scope.site):
        table.add(
            _("Plan: newcomers of %(year)s, still living here after %(years)s years")
            % {"year": year, "years": PLAN_YEARS},
            People(size),
            BLANK,
            Percent(stayed),
        )
    return table
