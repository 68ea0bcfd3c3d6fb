"""A municipality: one `Site` of the deployment, with what its website shows of it (name,
languages, contact details, colour and logo) and the room its coordinators work in (their
group, collection and approval workflow, set up by `communities.municipalities`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from guide.fields import CodeListField


def content_language_choices():
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


validate_colour_format = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hexadecimal digits, e.g. #00594f.")
)
#: WCAG 2.1 AA for normal text: the website sets white text on the colour, and the colour as
#: link text on white
MINIMUM_CONTRAST = 4.5


def contrast_with_white(colour):
    """The WCAG contrast ratio of `#rrggbb` against white."""

    def linear(channel):
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def validate_colour(colour):
    validate_colour_format(colour)
    ratio = contrast_with_white(colour)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _(
                "This colour is too light to read white text on (contrast %(ratio).1f:1; "
                "at least 4.5:1 is needed). Choose a darker one."
            ),
            params={"ratio": ratio},
            code="contrast",
        )


class Municipality(models.Model):
    site = models.OneToOneField(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="municipality"
    )
    name = models.CharField(_("name"), max_length=100)
    languages = CodeListField(
        _("languages"),
        codes=[code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES],
        blank=False,
        help_text=_("The languages its pages are written in."),
    )
    default_language = models.CharField(
        _("default language"),
        max_length=8,
        choices=content_language_choices,
        help_text=_("The language its pages are written in first; translations follow."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = models.URLField(_("municipality's own website"), blank=True)
    colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#00594f",
        validators=[validate_colour],
        help_text=_("The website's main colour, as #rrggbb."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: the room, set up and kept in step with the name by `communities.municipalities`
    coordinators = models.OneToOneField(
        "auth.Group",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="municipality_coordinated",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workflow = models.OneToOneField(
        "wagtailcore.Workflow",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        # no languages at all is the languages field's own error
        languages = self.languages
        if languages and self.default_language and self.default_language not in languages:
            raise ValidationError(
                {"default_language": _("The default language must be one of its languages.")}
            )
