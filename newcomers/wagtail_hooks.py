from wagtail import hooks

from newcomers import admin_mentors


@hooks.register("register_admin_urls")
def register_mentor_urls():
    return admin_mentors.urlpatterns


@hooks.register("register_admin_menu_item")
def register_mentor_menu():
    return admin_mentors.menu_item()
