from django.urls import path

from podium.core import views

# config/urls.py mounts these in the `core` namespace, together with the home
# page (`core:home`, served by the `home` app).
urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
]
