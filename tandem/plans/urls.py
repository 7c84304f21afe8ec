from django.urls import path

from . import approval_views, list_views, setup_views, version_views, views

app_name = "plans"

urlpatterns = [
    path("students/<int:student_id>/plans/", views.student_plans, name="student_plans"),
    path("plans/<int:plan_id>/", views.plan_detail, name="detail"),
    path("plans/<int:plan_id>/sections/<slug:key>/", views.section_save, name="section_save"),
    path("plans/<int:plan_id>/save/", views.plan_save, name="save"),
    path("plans/<int:plan_id>/ready/", views.plan_ready, name="ready"),
    path("plans/<int:plan_id>/share/", views.plan_share, name="share"),
    path("plans/<int:plan_id>/approve/", approval_views.plan_approve, name="approve"),
    path("plans/<int:plan_id>/comments/", approval_views.family_input, name="family_input"),
    path(
        "plans/<int:plan_id>/approvals/record/",
        approval_views.approval_record,
        name="record_approval",
    ),
    path("plans/<int:plan_id>/revision/", approval_views.revision_create, name="revision"),
    path(
        "plans/<int:plan_id>/approvals/<int:approval_id>/attachment/",
        approval_views.approval_attachment,
        name="approval_attachment",
    ),
    path("plans/<int:plan_id>/activate/", views.plan_activate, name="activate"),
    path("plans/<int:plan_id>/close/", views.plan_close, name="close"),
    path(
        "plans/<int:plan_id>/versions/<int:number>/", version_views.version_detail, name="version"
    ),
    path(
        "plans/<int:plan_id>/versions/<int:number>/pdf/",
        version_views.version_pdf,
        name="version_pdf",
    ),
    path("plans/<int:plan_id>/compare/", version_views.version_compare, name="compare"),
    path("advisor/plans/", list_views.advisor_plans, name="advisor_plans"),
    path("coordinator/plans/", list_views.coordinator_plans, name="coordinator_plans"),
    path("coordinator/plan-template/", setup_views.plan_template, name="template"),
    path("coordinator/competencies/", setup_views.competencies, name="competencies"),
]
