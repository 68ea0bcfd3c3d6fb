"""The register of personal data covers every model of ours that looks personal, and
docs/privacy.md is what the register says."""

import re
from io import StringIO

from django.core.management import call_command
from django.db import models

from newcomers.privacy import document
from newcomers.privacy.register import entries, entry_for, exemptions
from tests.privacy.helpers import lookups_to_account, our_models

#: field names that hold a person's name, contact or words about them
PERSONAL_LOOKING = re.compile(
    r"(^|_)(name|email|e_mail|phone|address|note|notes|message|about|reason)($|_)"
)


def test_every_model_that_looks_personal_is_registered_or_said_not_to_be():
    exempt = exemptions()
    unaccounted = {}
    for model in our_models():
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.Field) and PERSONAL_LOOKING.search(f.name)
        ]
        linked = lookups_to_account(model)
        if (fields or linked) and not entry_for(model) and model._meta.label not in exempt:
            unaccounted[model._meta.label] = fields or linked
    assert not unaccounted, (
        "register these in newcomers/privacy/entries.py (register() or not_personal()): "
        f"{unaccounted}"
    )
    # a model linked to an account must be found from it, or export and erasure miss it
    for model in our_models():
        if lookups_to_account(model):
            assert entry_for(model).subject is not None, model._meta.label
    for entry in entries():
        assert entry.purpose and entry.legal_basis and entry.retention.words, entry.label
        assert entry.personal_fields, entry.label


def test_docs_privacy_md_is_generated_from_the_register():
    out = StringIO()
    call_command("privacy_register", stdout=out)
    assert out.getvalue() == document.PATH.read_text(), (
        "docs/privacy.md is out of date: run `python manage.py privacy_register --write`"
    )
    assert "## Registration (`events.Registration`)" in out.getvalue()
