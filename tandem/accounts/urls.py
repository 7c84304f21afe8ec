from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import LocalizedPasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signin/code/", views.signin_code, name="signin_code"),
    path("signin/link/", views.signin_link, name="signin_link"),
    path("signin/link/open/", views.signin_link_open, name="signin_link_open"),
    path("signin/link/renew/", views.signin_link_renew, name="signin_link_renew"),
    path("signout/", views.signout, name="signout"),
    path("signout/everywhere/", views.signout_everywhere, name="signout_everywhere"),
    path("i18n/language/", views.set_language, name="set_language"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password, name="password"),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=LocalizedPasswordResetForm,
            template_name="accounts/password_reset.html",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
