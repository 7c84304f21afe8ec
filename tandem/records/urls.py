from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("my/conference-preparation/", views.mine, name="mine"),
    path(
        "students/<int:student_id>/terms/<int:term_id>/preparation/",
        views.term_preparation,
        name="term_preparation",
    ),
    path(
        "conferences/meetings/<int:conference_id>/preparation/",
        views.preparation,
        name="preparation",
    ),
    path("preparation/work/<int:work_id>/", views.work_file, name="work_file"),
    path("conferences/meetings/<int:conference_id>/present/", views.present, name="present"),
    path("conferences/meetings/<int:conference_id>/record/", views.record, name="record"),
    path(
        "conferences/meetings/<int:conference_id>/record/finalize/",
        views.record_finalize,
        name="record_finalize",
    ),
    path(
        "conferences/meetings/<int:conference_id>/record.pdf",
        views.record_pdf_view,
        name="record_pdf",
    ),
]
