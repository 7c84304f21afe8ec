from django.urls import path

from . import views

app_name = "exhibitions"

urlpatterns = [
    path("coordinator/exhibitions/", views.exhibitions, name="list"),
    path("coordinator/exhibitions/<int:exhibition_id>/", views.exhibition, name="detail"),
    path("coordinator/exhibitions/<int:exhibition_id>/edit/", views.exhibition_edit, name="edit"),
    path("coordinator/exhibitions/<int:exhibition_id>/rubric/", views.rubric, name="rubric"),
    path("coordinator/exhibitions/<int:exhibition_id>/students/", views.students, name="students"),
    path("coordinator/exhibitions/<int:exhibition_id>/raters/", views.raters, name="raters"),
    path(
        "coordinator/exhibitions/raters/<int:rater_id>/availability/",
        views.rater_availability,
        name="rater_availability",
    ),
    path(
        "coordinator/exhibitions/<int:exhibition_id>/panels/",
        views.panels_assign,
        name="panels_assign",
    ),
    path("coordinator/exhibitions/<int:exhibition_id>/invite/", views.invite, name="invite"),
    path(
        "coordinator/exhibitions/<int:exhibition_id>/results.pdf",
        views.results_pdf,
        name="results_pdf",
    ),
    path(
        "coordinator/presentations/<int:presentation_id>/",
        views.presentation,
        name="presentation",
    ),
    path("exhibitions/panels/", views.my_panels, name="my_panels"),
    path("exhibitions/seats/<int:seat_id>/", views.seat, name="seat"),
    path(
        "exhibitions/seats/<int:seat_id>/pieces/<int:presented_piece_id>/",
        views.seat_piece,
        name="seat_piece",
    ),
    path("panel/<str:panel_key>/", views.panelist, name="panelist"),
    path(
        "panel/<str:panel_key>/seats/<int:panel_seat_id>/",
        views.panelist_seat,
        name="panelist_seat",
    ),
    path(
        "panel/<str:panel_key>/pieces/<int:presented_piece_id>/",
        views.panelist_piece,
        name="panelist_piece",
    ),
    path("exhibitions/presentations/<int:presentation_id>/results/", views.result, name="result"),
    path(
        "exhibitions/presentations/<int:presentation_id>/prepare/",
        views.prepare,
        name="prepare",
    ),
    path("students/<int:student_id>/exhibitions/", views.student, name="student"),
]
