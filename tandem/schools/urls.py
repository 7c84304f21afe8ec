from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("coordinator/languages/", views.languages, name="languages"),
]
