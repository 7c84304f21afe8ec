from django.urls import path

from . import views

app_name = "transcripts"

urlpatterns = [
    path("coordinator/diploma/", views.diploma, name="diploma"),
]
