from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("coordinator/quality/", views.overview, name="overview"),
    path("coordinator/quality/scores/", views.scores, name="scores"),
    path("coordinator/quality/rubric/", views.rubric, name="rubric"),
    path("coordinator/quality/rubric/criteria/new/", views.criterion_new, name="criterion_new"),
    path(
        "coordinator/quality/rubric/criteria/<int:criterion_id>/",
        views.criterion,
        name="criterion",
    ),
    path(
        "coordinator/quality/rubric/criteria/<int:criterion_id>/move/",
        views.criterion_move,
        name="criterion_move",
    ),
    path(
        "coordinator/quality/rubric/criteria/<int:criterion_id>/retire/",
        views.criterion_retire,
        name="criterion_retire",
    ),
    path("coordinator/quality/terms/<int:term_id>/", views.sample, name="sample"),
    path("quality/reviews/<int:review_id>/", views.review, name="review"),
    path("advisor/quality/reviews/", views.my_reviews, name="my_reviews"),
    path("advisor/quality/feedback/", views.feedback, name="feedback"),
    path(
        "advisor/quality/feedback/<int:review_id>/", views.feedback_detail, name="feedback_detail"
    ),
]
