"""The newcomer guide's endpoints: the checklist (JSON, printable, PDF), the culture guide,
contacts and useful links."""

from django.urls import path

from frontend_api.views.checklist import ChecklistPDFView, ChecklistPrintView, ChecklistView
from frontend_api.views.contacts import ContactsView
from frontend_api.views.culture_guide import CultureGuideView
from frontend_api.views.links import UsefulLinksView

urlpatterns = [
    path("checklist/", ChecklistView.as_view(), name="checklist"),
    path("checklist/print/", ChecklistPrintView.as_view(), name="checklist_print"),
    path("checklist/pdf/", ChecklistPDFView.as_view(), name="checklist_pdf"),
    path("culture-guide/", CultureGuideView.as_view(), name="culture_guide"),
    path("contacts/", ContactsView.as_view(), name="contacts"),
    path("links/", UsefulLinksView.as_view(), name="useful_links"),
]

LISTINGS = {
    "checklist": "checklist",
    "culture-guide": "culture_guide",
    "contacts": "contacts",
    "links": "useful_links",
}
