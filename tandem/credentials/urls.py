from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path("students/<int:student_id>/credentials/", views.student_credentials, name="student"),
    path("students/<int:student_id>/credentials/issue/", views.issue, name="issue"),
    path(
        "students/<int:student_id>/credentials/<int:credential_id>/revoke/",
        views.revoke,
        name="revoke",
    ),
    path(
        "students/<int:student_id>/credentials/<int:credential_id>.json",
        views.credential_json,
        name="json",
    ),
    path(
        "students/<int:student_id>/credentials/<int:credential_id>.png",
        views.badge_png,
        name="badge",
    ),
    path("students/<int:student_id>/credentials/clr.json", views.clr, name="clr"),
    path("coordinator/credentials/", views.settings_page, name="settings"),
    path("s/<str:school_key>/did.json", views.did_document, name="did"),
    path(
        "s/<str:school_key>/credentials/status/<int:list_number>",
        views.status_list,
        name="status_list",
    ),
    path("credentials/verify/", views.verify, name="verify"),
]
