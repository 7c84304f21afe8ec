from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("students/<int:student_id>/referrals/new/", views.referral_new, name="new"),
    path("referrals/", views.referral_list, name="list"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="detail"),
    path("coordinator/referral-settings/", views.referral_settings, name="settings"),
]
