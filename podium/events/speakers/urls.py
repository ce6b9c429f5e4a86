"""The code-of-conduct acknowledgement pages. They keep the `speakers:` names and
the `/speakers/...` paths they had when the register owned them (links already
e-mailed to speakers stay valid): `config/urls.py` mounts these patterns in the
register's namespace. No `app_name` here for that reason."""

from django.urls import URLPattern, path

from podium.events.speakers import views

urlpatterns: list[URLPattern] = [
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
