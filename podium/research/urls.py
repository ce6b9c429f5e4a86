from django.urls import path

from podium.research import views

app_name = "research"

urlpatterns = [
    path("", views.registration_list, name="list"),
    path("new/", views.registration_create, name="create"),
    path("<int:pk>/", views.registration_detail, name="detail"),
    path("<int:pk>/approve/", views.registration_approve, name="approve"),
    path("<int:pk>/decline/", views.registration_decline, name="decline"),
    path("<int:pk>/close/", views.registration_close, name="close"),
    path("<int:pk>/renew/", views.registration_renew, name="renew"),
    path("lookup/", views.lookup, name="lookup"),
    path("lookups/", views.lookup_log, name="lookup-log"),
    path("lists/", views.lists, name="lists"),
    path("lists/<str:kind>/<int:pk>/toggle/", views.list_item_toggle, name="list-toggle"),
]
