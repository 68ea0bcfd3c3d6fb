"""The admin form every page type of ours uses (for a page of `NewcomerPageMixin`, which
holds the audience tags: this module imports no model of ours)."""

import re

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.rich_text import RichText

from guide.audience import AUDIENCE_CHOICES
from guide.permissions import unchoosable

TAG = re.compile(r"<(?:embed|a)\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


class PageForm(WagtailAdminPageForm):
    """Keeps the page's audience tags, and refuses images and documents the editor may not
    choose: Wagtail's form takes any id, so an editor could otherwise use (and preview)
    another community's private media by editing the id in the request."""

    audiences = forms.MultipleChoiceField(
        label=_("Who is this for?"),
        choices=AUDIENCE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when the page is for every newcomer."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("audiences", self.instance.audience_codes())

    def clean(self):
        cleaned_data = super().clean()
        if self.for_user is not None:
            self.check_media(cleaned_data)
        return cleaned_data

    def check_media(self, cleaned_data):
        values = list(cleaned_data.values())
        for formset in self.formsets.values():
            for form in formset.forms:
                if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE"):
                    values.extend(form.cleaned_data.values())
        used = {get_image_model(): set(), get_document_model(): set()}
        for value in values:
            _collect_media(value, used)
        for model, ids in used.items():
            refused = self.refused(model, ids)
            if refused:
                raise forms.ValidationError(
                    _("You may not use %(items)s: it is in a collection you cannot choose from.")
                    % {"items": ", ".join(f"“{item.title}”" for item in refused)},
                    code="media_not_allowed",
                )

    def refused(self, model, ids):
        if not ids:
            return []
        candidates = unchoosable(self.for_user, model, ids)
        # what the page already holds (a coordinator's choice) may stay
        if self.instance.pk:
            kept = ReferenceIndex.get_references_for_object(self.instance).filter(
                to_content_type=ContentType.objects.get_for_model(model)
            )
            candidates = candidates.exclude(
                pk__in=[int(pk) for pk in kept.values_list("to_object_id", flat=True)]
            )
        return list(candidates)

    def save(self, commit=True):
        self.instance.set_audience_codes(self.cleaned_data.get("audiences", []))
        return super().save(commit=commit)


def _collect_media(value, used):
    image_model, document_model = get_image_model(), get_document_model()
    if isinstance(value, image_model):
        used[image_model].add(value.pk)
    elif isinstance(value, document_model):
        used[document_model].add(value.pk)
    elif isinstance(value, (RichText, str)):
        source = value.source if isinstance(value, RichText) else value
        for tag in TAG.findall(source):
            attributes = dict(ATTRIBUTE.findall(tag))
            if not attributes.get("id", "").isdigit():
                continue
            if attributes.get("embedtype") == "image":
                used[image_model].add(int(attributes["id"]))
            elif attributes.get("linktype") == "document":
                used[document_model].add(int(attributes["id"]))
    elif isinstance(value, StreamValue):
        for child in value:
            _collect_media(child.value, used)
    elif isinstance(value, (StructValue, dict)):
        for child in value.values():
            _collect_media(child, used)
    elif isinstance(value, (ListValue, list, tuple)):
        for child in value:
            _collect_media(child, used)
