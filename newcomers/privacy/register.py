"""The register of personal data (GDPR art. 30), kept in code beside the models it describes.

Every model that holds something about a person is registered once with what it is for, on
which legal basis, how long it is kept (in words, and as a function `apply_retention` runs),
which fields are personal, and how its rows are found for a newcomer's account: the export
(`GET /api/v2/me/export/`) and the erasure (`DELETE /api/v2/me/`) walk this register and
nothing else, so a model that is not registered is neither exported nor erased. A model with
a name-like field that is not about a person says so with `not_personal()`;
tests/privacy/test_register.py fails on any model of ours that does neither.

docs/privacy.md is generated from here: `manage.py privacy_register --write`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

CONSENT = "consent (art. 6(1)(a))"
CONTRACT = "a service the person asked for (art. 6(1)(b))"
LEGAL_OBLIGATION = "a legal obligation (art. 6(1)(c))"
PUBLIC_TASK = "the municipality's public task (art. 6(1)(e))"
LEGITIMATE_INTEREST = "legitimate interest (art. 6(1)(f))"

#: fields never exported: hashes of secret tokens say nothing about the person
SECRET_FIELDS = ("token_hash", "confirmation_token")


@dataclass(frozen=True)
class Retention:
    """How long rows are kept: `words` for the register, `apply(now)` for the daily job,
    which deletes or anonymises what is due and answers how many rows it touched (None:
    the rows go with another model's, or by hand)."""

    words: str
    apply: Callable[[Any], int] | None = None


@dataclass(frozen=True)
class Entry:
    model: type[models.Model]
    section: str
    purpose: str
    legal_basis: str
    retention: Retention
    personal_fields: tuple[str, ...]
    #: account -> queryset of the rows about that newcomer; None: not tied to newcomers
    subject: Callable[[Any], models.QuerySet] | None
    #: "delete", "anonymise" (with `anonymised`) or a function(queryset) -> rows touched
    erase: str | Callable[[models.QuerySet], int]
    anonymised: dict = field(default_factory=dict)
    #: queryset -> list of dicts; None: every field but the secret ones
    export: Callable[[models.QuerySet], list] | None = None
    #: an order for the erasure: lower first (the account itself goes last)
    erase_order: int = 0

    @property
    def label(self):
        return self.model._meta.label


_entries: dict[str, Entry] = {}
_not_personal: dict[str, str] = {}


def register(
    model,
    *,
    purpose,
    legal_basis,
    retention,
    personal_fields,
    subject=None,
    erase="delete",
    anonymised=None,
    export=None,
    section=None,
    erase_order=0,
):
    """Declare `model` as holding personal data (see the module's docstring)."""
    names = {f.name for f in model._meta.get_fields()}
    unknown = set(personal_fields) - names
    if unknown:
        raise ValueError(f"{model._meta.label} has no field {', '.join(sorted(unknown))}")
    if erase == "anonymise" and not anonymised:
        raise ValueError(f"{model._meta.label}: anonymise needs the `anonymised` values")
    entry = Entry(
        model=model,
        section=section or model._meta.model_name,
        purpose=str(purpose),
        legal_basis=legal_basis,
        retention=retention,
        personal_fields=tuple(personal_fields),
        subject=subject,
        erase=erase,
        anonymised=anonymised or {},
        export=export,
        erase_order=erase_order,
    )
    _entries[entry.label] = entry
    return entry


def not_personal(label, reason):
    """Declare that the model `label` ("app.Model") holds nothing about a person although a
    field's name suggests it (a page's title, an organisation's phone)."""
    _not_personal[label] = reason


def entries():
    """Every registered model, in the order of its app and name."""
    _load()
    return sorted(_entries.values(), key=lambda entry: entry.label)


def entry_for(model):
    _load()
    return _entries.get(model._meta.label)


def exemptions():
    _load()
    return dict(sorted(_not_personal.items()))


def _load():
    from newcomers.privacy import entries as _registered  # noqa: F401 (registers on import)
