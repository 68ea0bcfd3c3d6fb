"""Adding, inviting and removing a community's editors."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.admin.utils import get_admin_base_url

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
    link to choose a password. Nothing is created if the mail cannot be sent."""
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    add_member(access, user)
    context = {
        "user": user,
        "community": access.pages.order_by("id").first(),
        "invited_by": invited_by,
        "url": set_password_url(user),
    }
    send_mail(
        subject=render_to_string("communities/emails/invitation_subject.txt", context).strip(),
        message=render_to_string("communities/emails/invitation.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return user
