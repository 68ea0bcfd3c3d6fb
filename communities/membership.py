"""Adding, inviting and removing a community's editors."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.admin.utils import get_admin_base_url

from guide import mail
from guide.sites import site_of_page

User = get_user_model()


def add_member(access, user):
    access.group.user_set.add(user)


def remove_member(access, user):
    access.group.user_set.remove(user)


def set_password_url(user):
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return get_admin_base_url() + path


@transaction.atomic
def invite_member(access, *, email, first_name="", last_name="", invited_by=None):
    """Create an account for `email`, make it an editor of the community and mail it a
    link to choose a password. The mail goes in the background (guide.mail): one that
    cannot be delivered is retried, then shown in the report of e-mails not delivered."""
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    add_member(access, user)
    community = access.pages.order_by("id").first()
    context = {
        "user": user,
        "community": community,
        "invited_by": invited_by,
        "url": set_password_url(user),
    }
    mail.send(
        to=email,
        subject=render_to_string("communities/emails/invitation_subject.txt", context).strip(),
        body=render_to_string("communities/emails/invitation.txt", context),
        site=site_of_page(community) if community else None,
    )
    return user
