"""Public pages outside the API: the entry form and the links sent by e-mail."""

from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("associations/new/", views.new_association, name="new"),
    path("associations/confirm/<str:token>/", views.confirm_email, name="confirm"),
    path("associations/edit/<str:token>/", views.edit_association, name="edit"),
    path("associations/edit-link/", views.request_edit_link, name="edit_link"),
]
