"""Events' pages under the register's `/speakers/` paths and `speakers:` names: a
speaker's full list of event requests, and the code-of-conduct acknowledgement
pages. The latter keep the `speakers:` names and
the `/speakers/...` paths they had when the register owned them (links already
e-mailed to speakers stay valid): `config/urls.py` mounts these patterns in the
register's namespace. No `app_name` here for that reason."""

from django.urls import URLPattern, path

from podium.events.speakers import views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/events/", views.speaker_events, name="speaker-events"),
    path(
        "requests/<int:pk>/acknowledgement/",
        views.acknowledgement_send,
        name="acknowledgement-send",
    ),
    path(
        "acknowledgements/<int:pk>/confirm-address/",
        views.acknowledgement_confirm_address,
        name="acknowledgement-confirm-address",
    ),
    path("acknowledge/<str:token>/", views.acknowledge, name="acknowledge"),
]
