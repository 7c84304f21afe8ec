from django.urls import path

from . import delivery_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("coordinator/deliveries/", delivery_views.deliveries_list, name="deliveries"),
    path(
        "coordinator/deliveries/<int:delivery_id>/retry/",
        delivery_views.delivery_retry,
        name="delivery_retry",
    ),
    path(
        "coordinator/deliveries/<int:delivery_id>/handled/",
        delivery_views.delivery_handled,
        name="delivery_handled",
    ),
]
