"""URLs of the plan of approach (step 3), under /programmas/<uuid>/plan/."""

from django.urls import URLPattern, URLResolver, include, path

from .views import plan_patterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(plan_patterns)),
]
