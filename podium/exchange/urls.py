from django.urls import path

from podium.exchange import views

app_name = "exchange"

urlpatterns = [
    path("peers/", views.peer_list, name="peer-list"),
    path("peers/<int:pk>/", views.peer_detail, name="peer-detail"),
    path("peers/<int:pk>/keys/<int:key_pk>/trust/", views.key_trust, name="key-trust"),
    path("messages/", views.message_list, name="message-list"),
    path("messages/<int:pk>/", views.message_detail, name="message-detail"),
    path("requests/<int:pk>/answer/", views.answer, name="answer"),
]
