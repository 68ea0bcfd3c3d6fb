"""The checklist: one index page per site and language, one page per step.

Steps are pages so they are translated, moderated, previewed and audience-tagged like every
page. A step's `depends_on` names the steps that come before it; dependencies are between
steps of the same checklist (in any of its languages: the copies of a step share its
translation key, which is what the order is computed on).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page

from guide.forms import PageForm
from guide.models.pages import NewcomerPage
from guide.step_order import find_cycle

MAX_DEPENDENCIES = 20


class ChecklistPage(NewcomerPage):
    """The checklist of one site in one language: its steps are its children, in the
    coordinator's order."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    parent_page_types = ["guide.HomePage"]
    subpage_types = ["guide.ChecklistStepPage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("checklist")


def dependency_errors(step, parent, dependencies):
    """Why `step` (to go under `parent`) may not wait for `dependencies`, or []."""
    errors = []
    if len(dependencies) > MAX_DEPENDENCIES:
        errors.append(
            _("A step may wait for at most %(count)d others.") % {"count": MAX_DEPENDENCIES}
        )
        return errors
    if parent is None:
        return errors
    family = list(Page.objects.filter(translation_key=parent.translation_key).only("path", "depth"))
    family_paths = [page.path for page in family]
    strangers = [d for d in dependencies if d.path[: -Page.steplen] not in family_paths]
    if strangers:
        errors.append(
            _("%(steps)s: not a step of this checklist.")
            % {"steps": ", ".join(f"“{d.title}”" for d in strangers)}
        )
        return errors
    if any(d.translation_key == step.translation_key for d in dependencies):
        errors.append(_("A step cannot wait for itself."))
        return errors
    cycle = _cycle(step, family, dependencies)
    if cycle:
        errors.append(
            _("These steps would wait for each other: %(cycle)s.") % {"cycle": " → ".join(cycle)}
        )
    return errors


def _cycle(step, family, dependencies):
    """The titles along a cycle the new dependencies would close, or None."""
    siblings = ChecklistStepPage.objects.none()
    for parent in family:
        siblings |= ChecklistStepPage.objects.child_of(parent)
    rows = ChecklistStepPage.depends_on.through.objects.filter(
        from_checkliststeppage__in=siblings
    ).values_list(
        "from_checkliststeppage__translation_key", "to_checkliststeppage__translation_key"
    )
    edges = {}
    for source, target in rows:
        if source != step.translation_key:  # its own, as stored, are being replaced
            edges.setdefault(source, set()).add(target)
    edges[step.translation_key] = {d.translation_key for d in dependencies}
    keys = find_cycle(edges, step.translation_key)
    if keys is None:
        return None
    # each step by its title in the step's own language where it has one
    titles = {}
    for key, title, locale_id in siblings.values_list("translation_key", "title", "locale_id"):
        if key not in titles or locale_id == step.locale_id:
            titles[key] = title
    titles.update({d.translation_key: d.title for d in dependencies})
    titles[step.translation_key] = step.title
    return [titles.get(key, "?") for key in keys]


class ChecklistStepForm(PageForm):
    """The page form: dependencies chosen among the checklist's other steps; cycles and
    steps of other checklists refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.parent_page if not self.instance.pk else self.instance.get_parent()
        if "depends_on" in self.fields and parent is not None:
            self.fields["depends_on"].queryset = (
                ChecklistStepPage.objects.child_of(parent)
                .exclude(pk=self.instance.pk)
                .order_by("path")
            )

    def clean(self):
        cleaned_data = super().clean()
        dependencies = list(cleaned_data.get("depends_on") or [])
        parent = self.parent_page if not self.instance.pk else self.instance.get_parent()
        for error in dependency_errors(self.instance, parent, dependencies):
            self.add_error("depends_on", error)
        return cleaned_data


class ChecklistStepPage(NewcomerPage):
    """One thing to do: what and why, how long it takes, where to do it, and what comes
    before it."""

    body = models.TextField(
        _("what to do and why"),
        max_length=3000,
        help_text=_("Plain text; an empty line starts a new paragraph."),
    )
    duration = models.CharField(
        _("how long it usually takes"), max_length=120, blank=True, help_text=_("e.g. 2–4 weeks")
    )
    depends_on = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="needed_by",
        verbose_name=_("after these steps"),
        help_text=_("Steps of this checklist that must be done first."),
    )

    base_form_class = ChecklistStepForm
    parent_page_types = ["guide.ChecklistPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        FieldPanel("duration"),
        FieldPanel("depends_on", widget=forms.CheckboxSelectMultiple),
        InlinePanel("links", label=_("Links to forms and authorities")),
    ]
    api_fields = [APIField("body"), APIField("duration"), APIField("links")]

    class Meta:
        verbose_name = _("checklist step")

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.path else None
        errors = dependency_errors(self, parent, list(self.depends_on.all()))
        if errors:
            raise ValidationError({"depends_on": errors})


class ChecklistLink(Orderable):
    """A form or an authority's page for a step. `check_links` reports the dead ones."""

    step = ParentalKey(ChecklistStepPage, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=200)
    url = models.URLField(
        _("URL"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )

    api_fields = [APIField("label"), APIField("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("link")

    def __str__(self):
        return self.label
