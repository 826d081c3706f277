from django.urls import path

from . import views

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("aantal/", views.notification_count, name="notification_count"),
    path("alles-gelezen/", views.notification_all_read, name="notification_all_read"),
    path("instellingen/", views.notification_settings, name="notification_settings"),
    path("<uuid:notification_uuid>/openen/", views.notification_open, name="notification_open"),
]
