from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("coordinator/participation/", views.participation_page, name="page"),
    path("coordinator/participation/students/", views.participation_students, name="students"),
    path("coordinator/participation/target/", views.participation_target, name="target"),
]
