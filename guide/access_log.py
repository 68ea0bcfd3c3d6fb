"""Staff reading or exporting people's personal data, in Wagtail's audit log (*Reports →
Site history*): who, when, which screen or export and how many rows, logged on the
municipality's site.

The screens that show newcomers' data and the exports of personal data call `viewed` or
`exported` (docs/privacy-operations.md lists them). An entry names the screen and the
record's id, never the person: the log must not become a second copy of the data."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import LogFormatter, log

VIEWED = "velkomst.personal_data.view"
EXPORTED = "velkomst.personal_data.export"
#: what was shown or exported; `ref` is the record's id or the event's title
SCREENS = {
    "new_in_our_area": _("New in our area"),
    "enquiry": _("enquiry %(ref)s"),
    "mentor_request": _("request for a mentor %(ref)s"),
    "meetup": _("meet-up %(ref)s"),
    "registrations": _("registrations for “%(ref)s”"),
}


def viewed(user, site, screen, rows=1, ref=""):
    """`user` was shown `rows` rows of personal data on `screen` (a key of SCREENS)."""
    log(site, VIEWED, user=user, data={"screen": screen, "ref": str(ref), "rows": rows})


def exported(user, site, screen, rows, ref=""):
    log(site, EXPORTED, user=user, data={"screen": screen, "ref": str(ref), "rows": rows})


def _what(data):
    return SCREENS[data["screen"]] % {"ref": data["ref"]}


def _formatter(label, message):
    """A formatter of the entries of one action; `message(rows)` is its text for `rows`."""

    class Formatter(LogFormatter):
        def format_message(self, log_entry):
            rows = log_entry.data["rows"]
            return message(rows) % {"what": _what(log_entry.data), "rows": rows}

    Formatter.label = label
    return Formatter


def register_log_actions(actions):
    viewed = _formatter(
        _("View personal data"),
        lambda rows: ngettext(
            "Personal data viewed: %(what)s, %(rows)s row",
            "Personal data viewed: %(what)s, %(rows)s rows",
            rows,
        ),
    )
    exported = _formatter(
        _("Export personal data"),
        lambda rows: ngettext(
            "Personal data exported: %(what)s, %(rows)s row",
            "Personal data exported: %(what)s, %(rows)s rows",
            rows,
        ),
    )
    actions.register_action(VIEWED)(viewed)
    actions.register_action(EXPORTED)(exported)
