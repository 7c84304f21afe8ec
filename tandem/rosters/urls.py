from django.urls import path

from . import views

app_name = "rosters"

urlpatterns = [
    path("rosters/", views.home, name="home"),
    path("rosters/<int:run_id>/", views.run_detail, name="run"),
    path("rosters/<int:run_id>/confirm/", views.run_confirm, name="confirm"),
    path("rosters/<int:run_id>/discard/", views.run_discard, name="discard"),
]
