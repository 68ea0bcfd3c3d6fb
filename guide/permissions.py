"""What an editor may use in a page: the images and documents of the collections where they
hold the `choose` right."""

from wagtail.permissions import policy_registry


def unchoosable(user, model, ids):
    """The images or documents (`model`) among `ids` that `user` may not choose: those in a
    collection where they hold no `choose` right. Wagtail's forms accept any id."""
    policy = policy_registry.get_by_type(model)
    allowed = policy.collections_user_has_permission_for(user, "choose")
    return model.objects.filter(pk__in=ids).exclude(collection__in=allowed)
