"""Business mentors: volunteers who help a newcomer's job-seeking partner, the newcomers'
requests for one, and the matches a coordinator makes between them (newcomers.mentors)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from guide.fields import CodeListField, LanguageListField
from guide.sites import SiteScoped
from newcomers.models.account import LANGUAGES, Account

#: the fields a mentor knows and a newcomer seeks: a fixed list, translated
INDUSTRIES = (
    ("it", _("IT and software")),
    ("engineering", _("Engineering and manufacturing")),
    ("health", _("Health and care")),
    ("education", _("Education and research")),
    ("finance", _("Finance, accounting and insurance")),
    ("sales", _("Sales, marketing and communication")),
    ("logistics", _("Transport and logistics")),
    ("construction", _("Construction and crafts")),
    ("hospitality", _("Tourism, hotels and restaurants")),
    ("agriculture", _("Agriculture and food")),
    ("public", _("Public administration")),
    ("business", _("Starting a business")),
)
INDUSTRY_CODES = tuple(code for code, _label in INDUSTRIES)
MAX_CAPACITY = 5


class MentorStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    PAUSED = "paused", _("paused")


class Mentor(SiteScoped):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language of the e-mails"), max_length=2, choices=LANGUAGES, default="da"
    )
    industries = CodeListField(_("industries"), codes=INDUSTRIES, blank=False)
    languages = LanguageListField(_("languages spoken"), blank=False)
    capacity = models.PositiveSmallIntegerField(
        _("mentees at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    about = models.TextField(_("about"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MentorStatus.choices, default=MentorStatus.PENDING
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("business mentor")
        permissions = [("match_mentors", "Approve business mentors and match them")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="mentor_capacity_1_to_5",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def first_name(self):
        return self.name.split()[0] if self.name.split() else self.name


class RequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    MATCHED = "matched", _("matched")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class MentorRequest(SiteScoped):
    """A newcomer's request for a mentor; its site is the account's."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="mentor_requests")
    industry = models.CharField(_("industry"), max_length=20, choices=INDUSTRIES)
    languages = LanguageListField(_("languages spoken"), blank=False)
    need = models.TextField(_("what they need"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentor request")
        indexes = [models.Index(fields=["site", "status", "created_at"])]

    def __str__(self):
        return f"Mentor request #{self.pk}"  # nothing personal in log entries


class MentorMatch(models.Model):
    """A mentor and a request introduced to each other; active until `ended_at`. A request
    is matched once (newcomers.mentors.match keeps the mentor's capacity)."""

    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="matches")
    mentor_request = models.OneToOneField(
        MentorRequest, on_delete=models.CASCADE, related_name="match"
    )
    created_at = models.DateTimeField(_("matched at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("matched by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentor match")

    def __str__(self):
        return f"Mentor match #{self.pk}"
