from django.urls import path

from . import coordinator_views, views

app_name = "conferences"

urlpatterns = [
    path("conferences/", views.family_home, name="family"),
    path("conferences/<int:window_id>/book/", views.family_book, name="book"),
    path(
        "conferences/<int:window_id>/availability/",
        coordinator_views.family_availability,
        name="availability",
    ),
    path("conferences/meetings/<int:conference_id>/change/", views.family_change, name="change"),
    path("conferences/meetings/<int:conference_id>/cancel/", views.family_cancel, name="cancel"),
    path("conferences/meetings/<int:conference_id>/calendar.ics", views.conference_ics, name="ics"),
    path("conferences/meetings/<int:conference_id>/mark/", views.conference_mark, name="mark"),
    path("conferences/feed/<str:feed_key>/", views.advisor_feed, name="feed"),
    path("advisor/conferences/", views.advisor_home, name="advisor"),
    path(
        "advisor/conferences/<int:window_id>/availability/",
        coordinator_views.advisor_availability,
        name="advisor_availability",
    ),
    path("coordinator/conferences/", coordinator_views.terms, name="terms"),
    path("coordinator/terms/<int:term_id>/conferences/", coordinator_views.window, name="window"),
    path(
        "coordinator/conferences/<int:window_id>/schedule/",
        coordinator_views.schedule,
        name="schedule",
    ),
    path(
        "coordinator/conferences/<int:window_id>/runs/<int:schedule_id>/publish/",
        coordinator_views.publish,
        name="publish",
    ),
    path("coordinator/conferences/<int:window_id>/nudge/", coordinator_views.nudge, name="nudge"),
]
