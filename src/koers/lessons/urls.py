"""URLs of the lessons learned (/programmas/<uuid>/lessen/) and of the shared library
(/leer-van-elkaar/)."""

from .views import lesson_patterns, library_patterns

__all__ = ["lesson_patterns", "library_patterns"]
