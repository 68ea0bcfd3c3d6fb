"""Form data for posting pages through the Wagtail admin, as the browser would."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def community_form_data(page, **overrides):
    data = {
        "title": page.title,
        "slug": page.slug,
        "kind": page.kind,
        "intro": page.intro,
        "body": streamfield([]),
        "latitude": page.latitude or "",
        "longitude": page.longitude or "",
        "ambassadors": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def trial_home_form_data(**overrides):
    data = {
        "title": "Prøvebolig ved havnen",
        "slug": "provebolig-ved-havnen",
        "status": "available",
        "address": "Havnegade 3, 6400 Sønderborg",
        "area": "Sønderborg",
        "size_m2": "70",
        "rent_per_month": "4800",
        "available_from": "2027-03-01",
        "available_to": "2027-09-30",
        "min_stay_months": "3",
        "max_stay_months": "6",
        "description": streamfield([]),
        "photos": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)
