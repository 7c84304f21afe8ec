from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("coordinator/desk/", views.desk, name="desk"),
    path("coordinator/desk/students/", views.desk_list, name="desk_list"),
    path("coordinator/desk/export/", views.desk_export, name="desk_export"),
    path("coordinator/desk/nudge/", views.desk_nudge, name="desk_nudge"),
]
