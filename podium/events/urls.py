from django.urls import include, path

from podium.events import policy_urls

app_name = "events"

urlpatterns = [
    path("policy/", include(policy_urls.urlpatterns)),
]
