from django import template

from communities import admin_visibility

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_title(context, page):
    """A page's title as the requesting user may see it (see admin_visibility.admin_title)."""
    return admin_visibility.admin_title(page, context["request"].user)
