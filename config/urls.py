from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from config.api import api
from podium.api.urls import mounted

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("podium.core.urls")),
    path("accounts/", include("podium.accounts.signin_urls")),
    path("accounts/", include("podium.accounts.urls")),
    path("api/", include("podium.api.urls")),
    path("api/v1/", mounted(api)),  # the API (config/api.py), under its own namespace
    path("audit/", include("podium.audit.urls")),
    path("training/", include("podium.training.urls")),
    path("events/", include("podium.events.urls")),
    path("speakers/", include("podium.speakers.urls")),
]

if settings.BENCH:
    from podium.core.views import bench_noop

    urlpatterns.append(path("__bench__/noop", bench_noop))
