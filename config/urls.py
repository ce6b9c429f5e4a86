from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("podium.core.urls")),
    path("accounts/", include("podium.accounts.signin_urls")),
    path("accounts/", include("podium.accounts.urls")),
]

if settings.BENCH:
    from podium.core.views import bench_noop

    urlpatterns.append(path("__bench__/noop", bench_noop))
