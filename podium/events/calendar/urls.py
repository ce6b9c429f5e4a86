"""`/events/calendar/`: the security operations calendar and iCalendar feeds."""

from django.urls import URLPattern, path

from podium.events.calendar import views as calendar_views

urlpatterns: list[URLPattern] = [
    path("", calendar_views.calendar, name="calendar"),
    path("feed/", calendar_views.feed_settings, name="calendar-feed-settings"),
    path("feed/<str:key>.ics", calendar_views.feed, name="calendar-feed"),
]
