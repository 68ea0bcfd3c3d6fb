"""The directory's fixed vocabularies: codes are API values, labels are interface text."""

from django.conf import global_settings
from django.utils.translation import gettext_lazy as _

CATEGORIES = (
    ("sport", _("Sport")),
    ("culture", _("Culture")),
    ("music", _("Music")),
    ("nature", _("Nature and outdoor life")),
    ("social", _("Social")),
    ("volunteering", _("Volunteering")),
    ("hobby", _("Hobby and crafts")),
    ("children_youth", _("Children and youth")),
    ("faith", _("Faith")),
    ("other", _("Other")),
)
AUDIENCES = (
    ("children", _("Children")),
    ("youth", _("Youth")),
    ("adults", _("Adults")),
    ("seniors", _("Seniors")),
    ("families", _("Families")),
)
#: every language Django knows, by its ISO 639 code (the first of its variants names it)
#: plus a few spoken by many newcomers that Django has no translation for
LANGUAGES = tuple(
    sorted(
        {
            **{code.split("-")[0]: _(name) for code, name in reversed(global_settings.LANGUAGES)},
            "so": _("Somali"),
            "ti": _("Tigrinya"),
            "ps": _("Pashto"),
        }.items()
    )
)
#: the languages entries are written and e-mails sent in; Danish is required
TEXT_LANGUAGES = ("da", "en", "de")
TRANSLATED = ("en", "de")
