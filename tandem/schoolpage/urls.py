from django.urls import path

from . import views

app_name = "schoolpage"

urlpatterns = [
    path("s/<str:school_key>/", views.public, name="public"),
    path("coordinator/public-page/", views.edit, name="edit"),
]
