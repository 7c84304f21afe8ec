from django.urls import path

from tandem.transcripts.views import graduation_moved

from . import record_views, school_views, views

app_name = "evidence"

urlpatterns = [
    path("students/<int:student_id>/review/", views.packet, name="packet"),
    path("students/<int:student_id>/review/pdf/", views.packet_pdf, name="packet_pdf"),
    path("students/<int:student_id>/credit-report/", views.credit_report, name="credit_report"),
    path("students/<int:student_id>/narrative/", views.narrative, name="narrative"),
    path("students/<int:student_id>/tests/", record_views.tests, name="tests"),
    path("students/<int:student_id>/iep/", record_views.iep, name="iep"),
    path(
        "students/<int:student_id>/iep/points/<int:point_id>/",
        record_views.iep_point,
        name="iep_point",
    ),
    path(
        "students/<int:student_id>/interventions/",
        record_views.interventions,
        name="interventions",
    ),
    path("evidence/imports/", school_views.import_home, name="imports"),
    path("evidence/imports/<int:import_id>/", school_views.import_run, name="import_run"),
    path(
        "evidence/imports/<int:import_id>/confirm/",
        school_views.import_confirm,
        name="import_confirm",
    ),
    path(
        "evidence/imports/<int:import_id>/discard/",
        school_views.import_discard,
        name="import_discard",
    ),
    # The graduation requirement is part of the diploma now (tandem.transcripts).
    path("coordinator/graduation/", graduation_moved, name="graduation"),
    path("coordinator/iep-access.csv", school_views.iep_access_csv, name="iep_access"),
    path("coordinator/access-log.csv", school_views.access_log_csv, name="access_log"),
]
