"""The areas of the site, each with its routes under the language prefix. `pages` comes last:
its catch-all answers any other CMS page by its path."""

from website.views import (
    account,
    account_data,
    app_shell,
    association_form,
    associations,
    communities,
    coupons,
    enquiry,
    events,
    facts,
    guide,
    home,
    meetups,
    mentors,
    pages,
    preview,
    registration,
    search,
)

AREAS = [
    home.routes,
    communities.routes,
    events.routes,
    registration.routes,
    associations.routes,
    association_form.routes,
    enquiry.routes,
    guide.routes,
    search.routes,
    app_shell.routes,
    account.routes,
    meetups.routes,
    account_data.routes,
    mentors.routes,
    coupons.routes,
    facts.routes,
    pages.routes,
]
#: routes outside the language prefix
ROOT_ROUTES = [*preview.root_routes, *app_shell.root_routes]
