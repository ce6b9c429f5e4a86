from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from podium.api.urls import v1_urls
from podium.core import urls as core_urls
from podium.home import urls as home_urls

urlpatterns: list[URLPattern | URLResolver] = [
    # One namespace, `core`, for the home page (the home app's, named before the app
    # existed) and core's own pages: `core:home`, `core:accessibility`.
    path("", include((home_urls.urlpatterns + core_urls.urlpatterns, "core"))),
    path("accounts/", include("podium.accounts.signin_urls")),
    path("accounts/", include("podium.accounts.urls")),
    path("api/", include("podium.api.urls")),
    path("api/v1/", v1_urls),
    path("audit/", include("podium.accounts.audit_log.urls")),
    path("training/", include("podium.training.urls")),
    path("events/", include("podium.events.urls")),
    path("speakers/", include("podium.speakers.urls")),
]

if settings.BENCH:
    from podium.core.views import bench_noop

    urlpatterns.append(path("__bench__/noop", bench_noop))
