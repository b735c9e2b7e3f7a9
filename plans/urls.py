from django.urls import path

from plans.views import (
    activities,
    checklist,
    delete,
    focus_areas,
    plan_edit,
    plan_list,
    plan_page,
    plan_status,
    reorder,
)

app_name = "plans"

urlpatterns = [
    path("planer/", plan_list.plan_list, name="list"),
    path("planer/ny/", plan_edit.plan_create, name="create"),
    path("planer/<slug:slug>/", plan_page.plan_page, name="plan"),
    path("planer/<slug:slug>/redigera/", plan_edit.plan_edit, name="edit"),
    path("planer/<slug:slug>/faststall/", plan_status.plan_adopt, name="adopt"),
    path("planer/<slug:slug>/arkivera/", plan_status.plan_archive, name="archive"),
    path("planer/<slug:slug>/fokusomraden/ny/", focus_areas.area_add, name="area_add"),
    path(
        "planer/<slug:slug>/rekommendationer/<int:number>/",
        checklist.assessment_edit,
        name="assessment",
    ),
    path("fokusomraden/<int:pk>/", focus_areas.area_edit, name="area_edit"),
    path("fokusomraden/<int:pk>/flytta/", reorder.move_area, name="area_move"),
    path("fokusomraden/<int:pk>/ta-bort/", delete.delete_area, name="area_delete"),
    path("fokusomraden/<int:pk>/aktiviteter/ny/", activities.activity_add, name="activity_add"),
    path("aktiviteter/<int:pk>/", activities.activity_edit, name="activity_edit"),
    path("aktiviteter/<int:pk>/flytta/", reorder.move_activity, name="activity_move"),
    path("aktiviteter/<int:pk>/ta-bort/", delete.delete_activity, name="activity_delete"),
]
