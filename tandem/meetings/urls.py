from django.urls import path

from . import checklist_views, views

app_name = "meetings"

urlpatterns = [
    path("meetings/<int:conference_id>/", views.agenda, name="agenda"),
    path("meetings/<int:conference_id>/items/<int:item_id>/", views.cover, name="cover"),
    path("meetings/<int:conference_id>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:conference_id>/finish/", views.finish, name="finish"),
    path("meetings/<int:conference_id>/plan/ready/", views.room_ready, name="ready"),
    path("meetings/<int:conference_id>/plan/share/", views.room_share, name="share"),
    path("meetings/<int:conference_id>/plan/hand-over/", views.hand_over, name="hand_over"),
    path("meetings/<int:conference_id>/plan/approve/", views.room_sign, name="sign"),
    path("meetings/<int:conference_id>/plan/give-back/", views.give_back, name="give_back"),
    path("meetings/<int:conference_id>/plan/verbal/", views.room_verbal, name="verbal"),
    path("meetings/<int:conference_id>/plan/revision/", views.room_revision, name="revision"),
    path("coordinator/conference-checklist/", checklist_views.checklist, name="checklist"),
    path(
        "coordinator/conference-checklist/reset/",
        checklist_views.checklist_reset,
        name="checklist_reset",
    ),
    path(
        "coordinator/conference-checklist/<int:item_id>/",
        checklist_views.checklist_item,
        name="checklist_item",
    ),
    path(
        "coordinator/conference-checklist/<int:item_id>/remove/",
        checklist_views.checklist_remove,
        name="checklist_remove",
    ),
    path(
        "coordinator/conference-checklist/<int:item_id>/move/",
        checklist_views.checklist_move,
        name="checklist_move",
    ),
]
