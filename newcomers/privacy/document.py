"""docs/privacy.md, written from the register (`manage.py privacy_register`)."""

from pathlib import Path

from django.conf import settings

from newcomers.privacy.register import entries, exemptions

PATH = Path(settings.BASE_DIR) / "docs" / "privacy.md"


def _field_names(model, names):
    fields = {f.name: f for f in model._meta.get_fields()}
    return ", ".join(f"{name} ({getattr(fields[name], 'verbose_name', name)})" for name in names)


def render():
    lines = [
        "# Register of personal data",
        "",
        "Generated from `newcomers/privacy/entries.py` by `manage.py privacy_register "
        "--write`; do not edit by hand. How export, erasure and retention work: "
        "[privacy-operations.md](privacy-operations.md).",
        "",
    ]
    for entry in entries():
        meta = entry.model._meta
        if entry.subject is None:
            newcomer = "not tied to a newcomer's account"
        elif callable(entry.erase):
            newcomer = "exported; on erasure: " + " ".join(entry.erase.__doc__.split())
        else:
            newcomer = f"exported; on erasure: {entry.erase}d"
        lines += [
            f"## {meta.verbose_name.capitalize()} (`{entry.label}`)",
            "",
            f"- **Purpose**: {entry.purpose}",
            f"- **Legal basis**: {entry.legal_basis}",
            f"- **Kept**: {entry.retention.words}",
            f"- **Personal fields**: {_field_names(entry.model, entry.personal_fields)}",
            f"- **A newcomer's own**: {newcomer}"
            + (f" (export section `{entry.section}`)" if entry.subject else ""),
            "",
        ]
    lines += ["## Not about a person", ""]
    lines += [f"- `{label}`: {reason}" for label, reason in exemptions().items()]
    return "\n".join(lines) + "\n"
