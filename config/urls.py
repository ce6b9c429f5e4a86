from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from config.api import api
from podium.api.urls import mounted
from podium.core import urls as core_urls
from podium.events.speakers import urls as acknowledgement_urls
from podium.exchange import views as exchange_views
from podium.home import urls as home_urls
from podium.speakers import urls as speaker_urls

urlpatterns: list[URLPattern | URLResolver] = [
    # One namespace, `core`, for the home page (the home app's, named before the app
    # existed) and core's own pages: `core:home`, `core:accessibility`.
    path("", include((home_urls.urlpatterns + core_urls.urlpatterns, "core"))),
    path("accounts/", include("podium.accounts.signin_urls")),
    path("accounts/", include("podium.accounts.urls")),
    path("api/", include("podium.api.urls")),
    path("api/v1/", mounted(api)),  # the API (config/api.py), under its own namespace
    path("audit/", include("podium.accounts.audit_log.urls")),
    path("resources/", include("podium.resources.urls")),
    path("training/", include("podium.training.urls")),
    path("privacy/", include("podium.privacy.urls")),
    path("sharing/", include("podium.sharing.urls")),
    path("exchange/", include("podium.exchange.urls")),
    # The Podium exchange's public identity: name, address, keys (docs/exchange.md).
    path(".well-known/podium-exchange", exchange_views.well_known, name="exchange-well-known"),
    path("events/", include("podium.events.urls")),
    path("subject-access/", include("podium.subject_access.urls")),
    path("concerns/", include("podium.concerns.urls")),
    path("research/", include("podium.research.urls")),
    path("governance/", include("podium.governance.urls")),
    path("reports/", include("podium.reporting.urls")),
    # One `speakers:` namespace: the register's pages and events' code-of-conduct
    # acknowledgement pages, whose names and paths predate their move to events.
    path(
        "speakers/",
        include((speaker_urls.urlpatterns + acknowledgement_urls.urlpatterns, "speakers")),
    ),
]

if settings.BENCH:
    from podium.core.views import bench_noop, bench_page

    urlpatterns.append(path("__bench__/noop", bench_noop))
    urlpatterns.append(path("__bench__/page", bench_page))
    # The same view, served by config/wsgi.py's middleware-free handler.
    urlpatterns.append(path("__bench__/bare", bench_noop))
