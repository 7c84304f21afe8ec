"""The account page's personal access tokens: made (shown once), listed and revoked by staff."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tandem.core.policy import staff_schools
from tandem.schools.models import School

from . import services
from .models import AccessToken


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    school = forms.ModelChoiceField(
        label=gettext_lazy("School"),
        queryset=School.objects.none(),
        empty_label=gettext_lazy("Choose a school"),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Days until it expires"),
        min_value=1,
        max_value=services.MAX_DAYS,
        initial=90,
    )
    can_write = forms.TypedChoiceField(
        label=gettext_lazy("Access"),
        choices=[("", gettext_lazy("Read only")), ("1", gettext_lazy("Read and write"))],
        coerce=bool,
        required=False,
        empty_value=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(pk__in=staff_schools(user))


def _staff_only(user) -> None:
    """Families and students make no tokens: the page is a 404 for them."""
    if not staff_schools(user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    _staff_only(request.user)
    form = TokenForm(request.POST or None, user=request.user)
    shown = None
    if request.method == "POST" and form.is_valid():
        row, shown = services.token_create(user=request.user, **form.cleaned_data)
        form = TokenForm(user=request.user)
    rows = AccessToken.objects.filter(user=request.user).select_related("school")
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": rows, "shown": shown},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, token_id):
    _staff_only(request.user)
    token = get_object_or_404(AccessToken.objects.filter(user=request.user), pk=token_id)
    if request.method == "POST":
        services.token_revoke(token=token)
        messages.success(request, _("The token is revoked: it no longer opens anything."))
        return redirect("api_tokens:tokens")
    return render(request, "api/revoke.html", {"token": token})
