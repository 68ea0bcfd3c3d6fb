from django.conf import settings
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import page_urls, translation_guard
from cms.views import healthz
from frontend_api.views.checklist import kept_pdf
from guide.views import ChecklistPDFView, ChecklistPrintView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # wagtail-localize's views with a check per object, on its own paths (matched first)
    path("admin/localize/", include(translation_guard.urlpatterns)),
    # Admin listings Wagtail offers no hook for, narrowed to what the user may see.
    path("admin/", include("communities.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", include("frontend_api.urls")),
    # public pages outside the API: registration links, the association form, the checklist
    path("", include("events.urls")),
    path("", include("directory.urls")),
    # the shops' staff redeeming newcomers' coupons (newcomers.shop_views)
    path("shops/", include("newcomers.shop_views")),
    path("checklist/", ChecklistPrintView.as_view(), name="checklist_page"),
    # the PDF kept in the API's response cache, renewed with every content change
    path(
        "checklist.pdf",
        ChecklistPDFView.as_view(keep=kept_pdf),
        name="checklist_pdf_download",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# last: a page's URL, under its language (`/en/…`), for the website to answer
urlpatterns += page_urls.urlpatterns
