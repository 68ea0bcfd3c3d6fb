"""The audience parameters of every endpoint: `origin` and the household flags, read into
`guide.audience.Audience` (which holds the rule)."""

from frontend_api.errors import ParameterError, boolean_parameter
from guide.audience import HOUSEHOLD_CODES, ORIGIN_VALUES, Audience

PARAMETERS = ("origin", *HOUSEHOLD_CODES)


def from_query(params):
    origin = params.get("origin") or None
    if origin is not None and origin not in ORIGIN_VALUES:
        raise ParameterError("origin", f"unknown origin '{origin}'", allowed=ORIGIN_VALUES)
    households = {
        flag: boolean_parameter(params, flag) for flag in HOUSEHOLD_CODES if flag in params
    }
    return Audience(origin=origin, households=households)
