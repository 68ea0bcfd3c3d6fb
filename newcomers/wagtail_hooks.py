# The admin of each feature: its views, menu items and log actions.
from wagtail import hooks

from newcomers import (
    admin_ambassadors,  # noqa: F401  (registers "New in our area" itself)
    admin_meetups,
    admin_mentors,
)

hooks.register("register_admin_urls", admin_meetups.admin_urls)
hooks.register("register_admin_menu_item", admin_meetups.menu_item)
hooks.register("register_log_actions", admin_meetups.register_log_actions)
hooks.register("register_admin_urls", lambda: admin_mentors.urlpatterns)
hooks.register("register_admin_menu_item", admin_mentors.menu_item)
