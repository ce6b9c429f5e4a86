from django.urls import path

from podium.subject_access import views

app_name = "subject_access"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/identity/", views.identity, name="identity"),
    path("<int:pk>/clock/stop/", views.stop_clock, name="stop-clock"),
    path("<int:pk>/clock/restart/", views.restart_clock, name="restart-clock"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/search/", views.search, name="search"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/export/", views.export_review, name="export"),
    path("<int:pk>/export/withhold/", views.withhold, name="withhold"),
    path("<int:pk>/export/put-back/", views.remove_withholding, name="remove-withholding"),
    path("<int:pk>/export/review/", views.review, name="review"),
    path("<int:pk>/export/release/", views.release, name="release"),
    path("<int:pk>/document/", views.document, name="document"),
    path("<int:pk>/bundle.zip", views.bundle, name="bundle"),
]
