from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("students/<int:student_id>/", views.student_detail, name="student_detail"),
    path("me/", views.student_home, name="student_home"),
    path("family/", views.family_home, name="family_home"),
    path(
        "households/<int:household_id>/address/",
        views.household_address,
        name="household_address",
    ),
]
