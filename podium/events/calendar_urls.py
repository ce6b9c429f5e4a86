"""`/events/calendar/`: the security operations calendar and iCalendar feeds."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
