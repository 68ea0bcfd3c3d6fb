"""Who the visitor is, asked once and kept in a cookie: where they move from and their
household. It becomes the API's audience parameters on every call."""

from dataclasses import dataclass

COOKIE = "velkomst_audience"
COOKIE_MAX_AGE = 365 * 24 * 3600
ORIGINS = ("denmark", "nordic", "eu", "non_eu")
HOUSEHOLDS = ("children", "partner", "student")


@dataclass(frozen=True)
class Audience:
    origin: str | None = None
    households: frozenset = frozenset()

    @property
    def answered(self):
        return self.origin is not None

    def params(self):
        """The API's audience parameters; nothing until the visitor has answered (then
        every household flag is an answer, yes or no)."""
        if not self.answered:
            return {}
        return {"origin": self.origin, **{flag: flag in self.households for flag in HOUSEHOLDS}}

    def cookie_value(self):
        return "|".join([self.origin or "", *sorted(self.households)])

    @classmethod
    def from_cookie(cls, value):
        """The audience a cookie holds; anything unknown in it is ignored."""
        origin, *flags = (value or "").split("|")
        return cls(
            origin=origin if origin in ORIGINS else None,
            households=frozenset(flag for flag in flags if flag in HOUSEHOLDS),
        )

    @classmethod
    def from_form(cls, form):
        """From the audience form; returns `(audience, error)` where error names the field."""
        origin = form.get("origin")
        if origin not in ORIGINS:
            return None, "origin"
        flags = form.getlist("household") if hasattr(form, "getlist") else []
        return cls(origin=origin, households=frozenset(f for f in flags if f in HOUSEHOLDS)), None
