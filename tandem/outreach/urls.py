from django.urls import path

from . import coordinator_views, message_views, template_views, views

app_name = "outreach"

urlpatterns = [
    path("advisor/due/", views.due_list, name="due"),
    path("students/<int:student_id>/outreach/", views.student_outreach, name="student"),
    path("students/<int:student_id>/outreach/contact/", views.contact_new, name="contact_new"),
    path("students/<int:student_id>/outreach/meeting/", views.meeting_new, name="meeting_new"),
    path("students/<int:student_id>/outreach/checkin/", views.checkin, name="checkin"),
    path("advisor/messages/", message_views.message_list, name="messages"),
    path("advisor/messages/new/", message_views.message_new, name="message_new"),
    path("messages/<int:message_id>/", message_views.message_detail, name="message_detail"),
    path(
        "coordinator/meetings/", coordinator_views.coordinator_meetings, name="coordinator_meetings"
    ),
    path("coordinator/contact-corrections/", coordinator_views.contact_flags, name="contact_flags"),
    path(
        "coordinator/contact-corrections/<int:flag_id>/resolve/",
        coordinator_views.contact_flag_resolve,
        name="contact_flag_resolve",
    ),
    path("coordinator/outreach-settings/", coordinator_views.outreach_settings, name="settings"),
    path(
        "coordinator/message-templates/",
        template_views.template_list,
        name="message_templates",
    ),
    path(
        "coordinator/message-templates/<int:template_id>/",
        template_views.template_edit,
        name="message_template",
    ),
]
