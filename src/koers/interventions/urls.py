"""The registry lives under /interventies/; a sub-project's interventions under
/programmas/<uuid>/plan/deelprojecten/<uuid>/interventies/."""

from django.urls import URLPattern, path

from . import views

registry_urlpatterns: list[URLPattern] = [
    path("", views.intervention_list, name="intervention_list"),
    path("nieuw/", views.intervention_create, name="intervention_create"),
    path("<uuid:intervention_uuid>/", views.intervention_detail, name="intervention_detail"),
    path("<uuid:intervention_uuid>/bewerken/", views.intervention_edit, name="intervention_edit"),
    path("<uuid:intervention_uuid>/verwijderen/", views.intervention_delete, name="intervention_delete"),
]

programme_urlpatterns: list[URLPattern] = [
    path(
        "plan/deelprojecten/<uuid:subproject_uuid>/interventies/",
        views.subproject_interventions,
        name="subproject_interventions",
    ),
]
