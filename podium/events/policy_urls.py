"""`/events/policy/`: the rules an administrator edits (see README.md)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
