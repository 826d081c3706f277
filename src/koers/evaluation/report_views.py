"""The evaluation report of a sub-project and the evaluation summary of the programme (step 6)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
