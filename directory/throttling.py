"""Rate limits on public writes, per client address: the API and the HTML pages share
them, and both answer 429 with Retry-After.

Settings: DIRECTORY_SUBMISSION_RATE (new entries and changes, default "10/hour") and
DIRECTORY_EDIT_LINK_RATE (requests for a new edit link, default "5/hour")."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class AddressRateThrottle(SimpleRateThrottle):
    """Keyed on the client address alone, whether or not someone is logged in; the rate is
    the setting named by `setting`."""

    setting = ""

    def get_rate(self):
        return getattr(settings, self.setting)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SubmissionRateThrottle(AddressRateThrottle):
    scope = "directory_submission"
    setting = "DIRECTORY_SUBMISSION_RATE"


class EditLinkRateThrottle(AddressRateThrottle):
    scope = "directory_edit_link"
    setting = "DIRECTORY_EDIT_LINK_RATE"


def retry_after(throttle_class, request):
    """None when `request` may go on, else the seconds to wait (and the attempt counts)."""
    throttle = throttle_class()
    if throttle.allow_request(request, None):
        return None
    return max(1, int(throttle.wait() or 1))
