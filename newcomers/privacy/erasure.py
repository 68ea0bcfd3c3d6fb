"""Erasing a newcomer (GDPR art. 17): every registered row about them, across the apps, is
deleted or anonymised in one transaction, as its register entry says."""

from django.db import transaction
from django.utils import timezone

from newcomers.models import DepartedAccount
from newcomers.privacy.register import entries


def _month(moment):
    return timezone.localtime(moment).date().replace(day=1)


def erase(account):
    """Erase everything about `account`; {model label: rows deleted or anonymised}."""
    touched = {}
    ordered = sorted((e for e in entries() if e.subject), key=lambda e: e.erase_order)
    with transaction.atomic():
        # the anonymous tally the dashboard's retention counts the departed by
        DepartedAccount.objects.create(
            site_id=account.site_id,
            signed_up_month=_month(account.created_at),
            left_month=_month(timezone.now()),
        )
        for entry in ordered:
            rows = entry.subject(account)
            if entry.erase == "delete":
                count = rows.delete()[1].get(entry.label, 0)
            elif entry.erase == "anonymise":
                count = rows.update(**entry.anonymised)
            else:
                count = entry.erase(rows)
            touched[entry.label] = count
    return touched
