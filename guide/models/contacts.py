"""The newcomer service's contact people and the dedicated contacts in the departments."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail_localize.fields import SynchronizedField

from guide.fields import CodeListField, LanguageListField
from guide.models.snippet_base import GuideSnippet

TOPICS = (
    ("welcome", _("Welcome and settling in")),
    ("work", _("Jobs and careers")),
    ("partner", _("Jobs for partners")),
    ("residence", _("Residence and registration")),
    ("housing", _("Housing")),
    ("school", _("School and day care")),
    ("health", _("Health and doctors")),
    ("tax", _("Tax")),
    ("language", _("Danish lessons")),
    ("leisure", _("Culture, sport and leisure")),
    ("tourism", _("Tourism and rural districts")),
    ("business", _("Business")),
)
TOPIC_CODES = tuple(code for code, _label in TOPICS)


class Contact(GuideSnippet):
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=200, blank=True)
    department = models.CharField(
        _("department"), max_length=200, help_text=_("e.g. Jobcenter, Citizen Service")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    topics = CodeListField(_("topics they answer"), codes=TOPICS)
    languages = LanguageListField(_("languages spoken"))
    international = models.BooleanField(_("specialises in international newcomers"), default=False)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("department"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("email"), FieldPanel("phone")])]),
        FieldPanel("topics"),
        FieldPanel("languages"),
        FieldPanel("international"),
        FieldPanel("photo"),
        FieldPanel("sort_order"),
    ]

    SEARCHED_FIELDS = ("name", "role", "department")

    # code lists, not text: wagtail-localize would take a CharField's list for a string
    override_translatable_fields = [SynchronizedField("topics"), SynchronizedField("languages")]

    class Meta(GuideSnippet.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.name} ({self.department})"
