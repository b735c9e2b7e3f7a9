from django.urls import path

from changelog import views

app_name = "changelog"

urlpatterns = [
    path("andringslogg/", views.changelog_index, name="changelog_index"),
    path("andringslogg/borttagen/<int:pk>/", views.deleted_plan, name="deleted_plan"),
    path("andringslogg/<slug:slug>/", views.changelog, name="changelog"),
]
