from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("advisor/expectations/", views.expectations, name="expectations"),
    path("advisor/expectations/acknowledge/", views.acknowledge, name="acknowledge"),
    path("advisor/expectations/tasks/<int:task_id>/", views.task_tick, name="task_tick"),
    path("advisor/suggestions/", views.suggestions, name="suggestions"),
    path("advisor/suggestions/<int:suggestion_id>/", views.suggestion, name="suggestion"),
    path("coordinator/onboarding/", views.coordinator, name="coordinator"),
    path("coordinator/onboarding/edit/", views.edit, name="edit"),
    path("coordinator/suggestions/", views.inbox, name="inbox"),
    path("coordinator/suggestions/<int:suggestion_id>/", views.inbox_item, name="inbox_item"),
    path("coordinator/suggestions/<int:suggestion_id>/close/", views.close, name="close"),
]
