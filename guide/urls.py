"""Public pages outside the API: the printable checklist and its PDF, at short addresses for
print and links. The API renders both (it holds the audience rule and what is public); these
redirect there with the same query."""

from django.http import HttpResponseRedirect
from django.urls import path, reverse


def _to(url_name):
    def view(request):
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(reverse(url_name) + (f"?{query}" if query else ""))

    return view


urlpatterns = [
    path("checklist/", _to("checklist_print"), name="checklist_page"),
    path("checklist.pdf", _to("checklist_pdf"), name="checklist_pdf_download"),
]
