"""The newcomer's export (`GET /api/v2/me/export/`): one section per model of the register
of personal data (newcomers.privacy)."""

from rest_framework import serializers


class ExportSectionSerializer(serializers.Serializer):
    purpose = serializers.CharField()
    legal_basis = serializers.CharField()
    retention = serializers.CharField(help_text="How long it is kept.")
    rows = serializers.ListField(
        child=serializers.DictField(), help_text="Every row held, each field by its name."
    )


class ExportSerializer(serializers.Serializer):
    exported_at = serializers.DateTimeField()
    sections = serializers.DictField(
        child=ExportSectionSerializer(),
        help_text="By name: `account`, `profile`, `consents` (the whole history), "
        "`sign_in_links`, `sessions`, `event_registrations` (the account's address at this "
        "municipality's events), `association_submissions`, …",
    )
