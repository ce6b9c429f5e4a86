from django.urls import path

from podium.core import views

# config/urls.py mounts these in the `core` namespace, together with the home
# page (`core:home`, served by the `home` app).
urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    # Pages name the icon in <head>; clients that ask for /favicon.ico regardless
    # (feed readers, link checkers, bookmarks) are sent to it rather than a 404.
    path("favicon.ico", views.favicon, name="favicon"),
]
