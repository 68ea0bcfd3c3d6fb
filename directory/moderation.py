"""The life of an entry: submitted, confirmed by e-mail, approved or rejected by a
coordinator, kept current by its association. Every step is one transaction; the published
entry changes only in `approve`."""

from django.db import transaction
from django.utils import timezone

from directory import emails
from directory.forms import AssociationForm
from directory.models import Association, AssociationSubmission

Status = AssociationSubmission.Status


@transaction.atomic
def submit(form, language, association=None, site=None):
    """Keep a valid form as a submission to `site`'s coordinators (a change: to its entry's).
    A new entry waits for its e-mail to be confirmed; a change made through an edit link
    (which only the association's e-mail receives) goes straight to the coordinator. A
    confirmation that cannot be sent keeps nothing."""
    submission = AssociationSubmission(
        association=association,
        data=form.proposal(),
        email=form.cleaned_data["email"],
        language=language,
    )
    # without a site (a command, a test): the default site's
    if association is not None:
        submission.site_id = association.site_id
    elif site is not None:
        submission.site = site
    if form.cleaned_data.get("logo"):
        submission.logo.save(form.cleaned_data["logo"].name, form.cleaned_data["logo"], save=False)
    if association is not None:
        submission.status = Status.PENDING
        submission.confirmed_at = timezone.now()
    submission.save()
    if association is None:
        emails.confirm_email(submission)
    return submission


@transaction.atomic
def confirm(token):
    """Confirm the e-mail of the submission holding `token`; None if there is none."""
    submission = (
        AssociationSubmission.objects.select_for_update().filter(confirmation_token=token).first()
    )
    if submission is not None and submission.status == Status.UNCONFIRMED:
        submission.status = Status.PENDING
        submission.confirmed_at = timezone.now()
        submission.save(update_fields=["status", "confirmed_at"])
    return submission


def approve(submission, user):
    """Publish the proposal (a new entry or the change) in one step, then tell the
    association. Returns the form, whose errors say why not when the data no longer fits
    (a community removed, say)."""
    form, association = _publish(submission, user)
    if association is not None:
        emails.approved(submission, association)
    return form


@transaction.atomic
def _publish(submission, user):
    submission = AssociationSubmission.objects.select_for_update().get(pk=submission.pk)
    form = AssociationForm(
        data=submission.data, instance=submission.association, site=submission.site
    )
    if submission.status != Status.PENDING or not form.is_valid():
        return form, None
    association = form.save(commit=False)
    association.site_id = submission.site_id
    if submission.logo:
        with submission.logo.open("rb") as logo:
            association.logo.save(submission.logo.name.rsplit("/", 1)[-1], logo, save=False)
    association.language = submission.language
    association.confirmed_at = timezone.now()
    association.reminded_at = None
    association.hidden = False
    association.save()
    submission.association = association
    submission.status = Status.APPROVED
    submission.decided_at = timezone.now()
    submission.decided_by = user
    submission.save()
    return form, association


def reject(submission, user, reason):
    submission.status = Status.REJECTED
    submission.reason = reason
    submission.decided_at = timezone.now()
    submission.decided_by = user
    submission.save()
    emails.rejected(submission)


def confirm_current(association):
    """The association says its entry is still right: the 18 months start again."""
    association.confirmed_at = timezone.now()
    association.reminded_at = None
    association.hidden = False
    # a save, not a bulk update: a hidden entry that comes back must reach the API
    association.save(update_fields=["confirmed_at", "reminded_at", "hidden"])


def send_edit_links(email, site=None):
    """A new edit link to every published entry with this e-mail (none if unknown), of
    `site` if given."""
    associations = Association.objects.filter(email__iexact=email.strip())
    if site is not None:
        associations = associations.of_site(site)
    for association in associations:
        emails.edit_link(association)
