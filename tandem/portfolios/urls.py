from django.urls import path

from . import views

app_name = "portfolios"

urlpatterns = [
    path("students/<int:student_id>/portfolio/", views.portfolio, name="portfolio"),
    path("students/<int:student_id>/portfolio/new/", views.piece_new, name="piece_new"),
    path("students/<int:student_id>/portfolio/graduation/", views.graduation, name="graduation"),
    path("students/<int:student_id>/portfolio/showcases/", views.showcases, name="showcases"),
    path(
        "students/<int:student_id>/portfolio/showcases/<int:showcase_id>/revoke/",
        views.showcase_revoke,
        name="showcase_revoke",
    ),
    path("students/<int:student_id>/portfolio.pdf", views.portfolio_pdf, name="pdf"),
    path("students/<int:student_id>/portfolio.zip", views.portfolio_zip, name="zip"),
    path("portfolio/pieces/<int:piece_id>/", views.piece, name="piece"),
    path("portfolio/pieces/<int:piece_id>/file/", views.piece_file, name="piece_file"),
    path("showcase/<str:showcase_token>/", views.showcase, name="showcase"),
    path(
        "showcase/<str:showcase_token>/pieces/<int:piece_id>/",
        views.showcase_file,
        name="showcase_file",
    ),
    path("coordinator/portfolios/", views.coordinator, name="coordinator"),
    path("coordinator/portfolios/rubric/", views.rubric_edit, name="rubric"),
]
