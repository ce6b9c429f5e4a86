from django.urls import path

from podium.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("retention/", views.schedule, name="schedule"),
    path("retention/dry-run/", views.dry_run, name="dry-run"),
    path("retention/run/", views.run_now, name="run-now"),
    path("retention/rules/<str:record_type>/", views.rule_edit, name="rule-edit"),
    path("retention/rules/<str:record_type>/reset/", views.rule_reset, name="rule-reset"),
    path("runs/", views.run_list, name="run-list"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("holds/", views.hold_list, name="hold-list"),
    path("holds/<int:pk>/", views.hold_detail, name="hold-detail"),
    path("breaches/", views.breach_list, name="breach-list"),
    path("breaches/new/", views.breach_create, name="breach-create"),
    path("breaches/<int:pk>/", views.breach_detail, name="breach-detail"),
    path("breaches/<int:pk>/edit/", views.breach_edit, name="breach-edit"),
    path("record-of-processing/", views.record_of_processing, name="ropa"),
]
