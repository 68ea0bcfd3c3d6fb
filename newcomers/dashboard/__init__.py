"""The coordinator's dashboard: aggregate figures of one municipality over a period, one
panel per module (docs/dashboard.md). Each panel says its place (`order`);
a new panel is a module with a `@panel` function and a line here."""

from newcomers.dashboard import (  # noqa: F401  (each registers its panel)
    associations,
    consents,
    contact,
    coupons,
    enquiries,
    events,
    mentors,
    retention,
    signups,
)
from newcomers.dashboard.base import PANELS, Scope

__all__ = ["PANELS", "Scope"]
