from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("coordinator/archive/", views.years, name="years"),
    path("coordinator/archive/<int:year_id>/", views.year, name="year"),
    path("coordinator/archive/<int:year_id>/start/", views.start, name="start"),
    path("coordinator/archive/<int:year_id>/progress/", views.progress, name="progress"),
    path("coordinator/archive/<int:year_id>/school.zip", views.download, name="download"),
    path(
        "coordinator/archive/<int:year_id>/students/<int:student_id>.zip",
        views.student_download,
        name="student_download",
    ),
    path("coordinator/retention/", views.retention, name="retention"),
    path("coordinator/retention/destroy/", views.destroy, name="destroy"),
]
