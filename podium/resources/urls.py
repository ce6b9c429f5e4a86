from django.urls import path

from podium.resources import views

app_name = "resources"

urlpatterns = [
    path("", views.library, name="library"),
    path("<int:pk>/download/", views.download, name="download"),
    path("public/", views.public_list, name="public-list"),
    path("public/<int:pk>/", views.public_detail, name="public-detail"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/<str:kind>/", views.add, name="add"),
    path("manage/<int:pk>/", views.edit, name="edit"),
    path("manage/<int:pk>/versions/", views.version_upload, name="version-upload"),
    path(
        "manage/<int:pk>/versions/<int:number>/",
        views.version_download,
        name="version-download",
    ),
    path("manage/<int:pk>/retire/", views.retire, name="retire"),
    path("manage/<int:pk>/restore/", views.restore, name="restore"),
]
