from django.urls import path

from podium.home import views

# Included by config/urls.py in the `core` namespace with core's own pages: the
# home page was core's before this app existed, and its name `core:home` stays.
urlpatterns = [
    path("", views.home, name="home"),
]
