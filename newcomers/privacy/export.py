"""A newcomer's copy of everything held about them (GDPR art. 15 and 20): one section per
registered model, from the register's `subject` of each."""

from django.db.models import FileField, ForeignKey
from django.utils import timezone

from newcomers.models import Account
from newcomers.privacy.register import SECRET_FIELDS, entries


def rows(queryset):
    """Every field of each row but its id, its link to the account or site and the secret
    ones: the register's default export."""
    fields = [
        f
        for f in queryset.model._meta.concrete_fields
        if not f.primary_key
        and f.name not in SECRET_FIELDS
        and not (isinstance(f, ForeignKey) and f.name in ("account", "site"))
    ]
    found = []
    for row in queryset.order_by("pk"):
        item = {}
        for f in fields:
            value = f.value_from_object(row)
            item[f.attname] = value.name if isinstance(f, FileField) else value
        found.append(item)
    return found


def export(account: Account):
    """{"exported_at", "sections": {section: {"purpose", "legal_basis", "retention", "rows"}}}"""
    sections = {}
    for entry in entries():
        if entry.subject is None:
            continue
        found = entry.subject(account)
        sections[entry.section] = {
            "purpose": entry.purpose,
            "legal_basis": entry.legal_basis,
            "retention": entry.retention.words,
            "rows": entry.export(found) if entry.export else rows(found),
        }
    return {"exported_at": timezone.now(), "sections": sections}
