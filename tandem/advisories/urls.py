from django.urls import path

from . import departure_views, rollover_views, views

app_name = "advisories"

urlpatterns = [
    path("advisor/", views.advisor_home, name="advisor_home"),
    path("caseload/", views.caseload_home, name="caseload_home"),
    path("coordinator/", views.coordinator_students, name="coordinator"),
    path("coordinator/reassign/", views.coordinator_reassign, name="reassign"),
    path("coordinator/departures/", departure_views.departures_list, name="departures"),
    path(
        "coordinator/departures/<int:person_id>/",
        departure_views.departure_detail,
        name="departure",
    ),
    path("coordinator/rollover/", rollover_views.rollover, name="rollover"),
    path("students/<int:student_id>/advisory/", views.student_advisory, name="student_advisory"),
]
