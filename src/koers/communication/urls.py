"""URLs of the communication plan, under /programmas/<uuid>/communicatie/."""

from .views import urlpatterns

__all__ = ["urlpatterns"]
