"""Erasing a newcomer (GDPR art. 17): every registered row about them, across the apps, is
deleted or anonymised in one transaction, as its register entry says."""

from django.db import transaction

from newcomers.privacy.register import entries


def erase(account):
    """Erase everything about `account`; {model label: rows deleted or anonymised}."""
    touched = {}
    ordered = sorted((e for e in entries() if e.subject), key=lambda e: e.erase_order)
    with transaction.atomic():
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
