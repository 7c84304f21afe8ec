from django.contrib import admin
from django.urls import include, path

from tandem.api.urls import _api_patterns

admin.site.site_header = "Tandem administration"
admin.site.site_title = "Tandem"

urlpatterns = [
    path("", include("tandem.core.urls")),
    path("", include("tandem.schools.urls")),
    path("", include("tandem.accounts.urls")),
    path("", include("tandem.sso.urls")),
    path("", include("tandem.people.urls")),
    path("", include("tandem.advisories.urls")),
    path("", include("tandem.rosters.urls")),
    path("", include("tandem.plans.urls")),
    path("", include("tandem.outreach.urls")),
    path("", include("tandem.referrals.urls")),
    path("", include("tandem.evidence.urls")),
    path("", include("tandem.transcripts.urls")),
    path("", include("tandem.conferences.urls")),
    path("", include("tandem.meetings.urls")),
    path("", include("tandem.records.urls")),
    path("", include("tandem.portfolios.urls")),
    path("", include("tandem.onboarding.urls")),
    path("", include("tandem.schoolpage.urls")),
    path("", include("tandem.oversight.urls")),
    path("", include("tandem.participation.urls")),
    path("", include("tandem.archive.urls")),
    path("", include("tandem.quality.urls")),
    path("", include("tandem.exhibitions.urls")),
    path("", include("tandem.api.urls")),
    path("", include("tandem.credentials.urls")),
    path("api/v1/", _api_patterns()),
    path("admin/", admin.site.urls),
]

handler404 = "tandem.core.views.not_found"
handler500 = "tandem.core.views.server_error"
