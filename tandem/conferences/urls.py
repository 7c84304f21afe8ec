from django.urls import path

from . import coordinator_views, mark_views, setup_views, staff_views, views

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
    path(
        "conferences/meetings/<int:conference_id>/mark/",
        mark_views.conference_mark,
        name="mark",
    ),
    path(
        "conferences/meetings/<int:conference_id>/undo-mark/",
        mark_views.conference_unmark,
        name="unmark",
    ),
    path("conferences/feed/<str:feed_key>/", views.advisor_feed, name="feed"),
    path("advisor/conferences/", views.advisor_home, name="advisor"),
    path(
        "advisor/conferences/<int:window_id>/availability/",
        setup_views.advisor_availability,
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
    path(
        "coordinator/conferences/<int:window_id>/settings/",
        setup_views.window_settings,
        name="window_settings",
    ),
    path(
        "coordinator/conferences/<int:window_id>/advisors/<int:advisor_id>/",
        setup_views.advisor_hours,
        name="advisor_hours",
    ),
    path(
        "coordinator/conferences/<int:window_id>/interpreters/",
        setup_views.interpreters,
        name="interpreters",
    ),
    path(
        "coordinator/conferences/<int:window_id>/interpreters/new/",
        setup_views.interpreter_new,
        name="interpreter_new",
    ),
    path(
        "coordinator/conferences/<int:window_id>/interpreters/<int:interpreter_id>/",
        setup_views.interpreter,
        name="interpreter",
    ),
    path(
        "coordinator/conferences/<int:window_id>/interpreters/<int:interpreter_id>/deactivate/",
        setup_views.interpreter_deactivate,
        name="interpreter_deactivate",
    ),
    path(
        "conferences/<int:window_id>/students/<int:student_id>/how/",
        setup_views.student_mode,
        name="student_mode",
    ),
    path(
        "conferences/<int:window_id>/students/<int:student_id>/book/",
        staff_views.staff_book,
        name="staff_book",
    ),
    path(
        "conferences/meetings/<int:conference_id>/staff-change/",
        staff_views.staff_change,
        name="staff_change",
    ),
    path(
        "conferences/meetings/<int:conference_id>/staff-cancel/",
        staff_views.staff_cancel,
        name="staff_cancel",
    ),
    path(
        "coordinator/conferences/<int:window_id>/runs/<int:schedule_id>/drop/",
        staff_views.proposal_drop,
        name="proposal_drop",
    ),
    path(
        "conferences/meetings/<int:conference_id>/rebook/",
        setup_views.offer_rebooking,
        name="offer_rebooking",
    ),
]
