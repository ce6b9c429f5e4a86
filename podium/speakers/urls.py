"""The register's pages. `config/urls.py` mounts them under `speakers/` together
with events' acknowledgement pages (`podium.events.speakers.urls`), which keep
their `speakers:` names."""

from django.urls import path

from podium.speakers import views

app_name = "speakers"

urlpatterns = [
    path("", views.speaker_list, name="speaker-list"),
    path("new/", views.speaker_create, name="speaker-create"),
    path("<int:pk>/", views.speaker_detail, name="speaker-detail"),
    path("<int:pk>/edit/", views.speaker_edit, name="speaker-edit"),
    path("<int:pk>/check/", views.speaker_check, name="speaker-check"),
    path("<int:pk>/checks/", views.speaker_checks, name="speaker-checks"),
    path("<int:pk>/merge/", views.speaker_merge, name="speaker-merge"),
    path("rechecks/", views.rechecks, name="rechecks"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/sources/", views.source_add, name="source-add"),
    path("settings/sources/<int:pk>/toggle/", views.source_toggle, name="source-toggle"),
    path("settings/code-of-conduct/", views.code_of_conduct, name="code-of-conduct"),
]
