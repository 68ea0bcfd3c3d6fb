"""The directory: associations (listing, detail, submissions, edit links) and doctors."""

from django.urls import path

from frontend_api.views.associations import (
    AssociationDetailEndpoint,
    AssociationsEndpoint,
    EditLinkEndpoint,
    SubmissionEndpoint,
)
from frontend_api.views.doctors import DoctorsEndpoint

urlpatterns = [
    path("associations/", AssociationsEndpoint.as_view(), name="associations"),
    path("associations/<int:pk>/", AssociationDetailEndpoint.as_view(), name="association_detail"),
    path(
        "associations/submissions/",
        SubmissionEndpoint.as_view(),
        name="association_submissions",
    ),
    path("associations/edit-link/", EditLinkEndpoint.as_view(), name="association_edit_link"),
    path("doctors/", DoctorsEndpoint.as_view(), name="doctors"),
]

LISTINGS = {"associations": "associations", "doctors": "doctors"}
