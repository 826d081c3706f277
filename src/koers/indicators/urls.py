"""URLs of the indicators: /programmas/<uuid>/indicatoren/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.indicator_list, name="indicators"),
    path("nieuw/", views.indicator_create, name="indicator_create"),
    path("<uuid:indicator_uuid>/", views.indicator_detail, name="indicator_detail"),
    path("<uuid:indicator_uuid>/bewerken/", views.indicator_edit, name="indicator_edit"),
    path("<uuid:indicator_uuid>/verwijderen/", views.indicator_delete, name="indicator_delete"),
    path("<uuid:indicator_uuid>/metingen/nieuw/", views.measurement_create, name="measurement_create"),
    path(
        "<uuid:indicator_uuid>/metingen/<uuid:measurement_uuid>/bewerken/",
        views.measurement_edit,
        name="measurement_edit",
    ),
    path(
        "<uuid:indicator_uuid>/metingen/<uuid:measurement_uuid>/verwijderen/",
        views.measurement_delete,
        name="measurement_delete",
    ),
]
