from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("signin/sso/<str:school_key>/", views.start, name="start"),
    # One return address for every school (the flow in the session names the school), outside
    # /signin/sso/ so that no school's web address can take it.
    path("signin/oidc/callback/", views.callback, name="callback"),
]
