"""The newcomers of a period: the accounts created in it, and the erased ones' tally."""

from newcomers.models import Account, DepartedAccount


def signed_up_in(scope):
    return Account.objects.filter(
        site=scope.site, created_at__gte=scope.since, created_at__lt=scope.until
    )


def departed_in(scope):
    """The erased accounts of the period, by their month (a period starting in the middle of
    a month counts that month's departed whole)."""
    return DepartedAccount.objects.filter(
        site=scope.site,
        signed_up_month__gte=scope.start.replace(day=1),
        signed_up_month__lte=scope.end,
    )
