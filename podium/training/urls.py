from django.urls import path

from podium.training import views
from podium.training.briefings import views as briefing_views

app_name = "training"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("status/", views.status_list, name="status-list"),
    path("status/export/", views.status_export, name="status-export"),
    path("units/export/", views.unit_export, name="unit-export"),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/completions/new/", views.completion_create, name="completion-create"),
    path("completions/<int:pk>/evidence/", views.evidence_download, name="evidence"),
    path("imports/", views.import_list, name="import-list"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("courses/", views.course_list, name="course-list"),
    path("courses/<int:pk>/", views.course_edit, name="course-edit"),
    path("requirements/", views.requirement_list, name="requirement-list"),
    path("requirements/<int:pk>/", views.requirement_edit, name="requirement-edit"),
    path("requirements/<int:pk>/delete/", views.requirement_delete, name="requirement-delete"),
    path("groups/", views.group_list, name="group-list"),
    path("groups/<int:pk>/", views.group_edit, name="group-edit"),
    path("returns/", views.returns, name="returns"),
    path("returns/detail/", views.returns_detail, name="returns-detail"),
    # The student event-organiser briefing (briefings/).
    path("briefing/", briefing_views.briefing, name="briefing"),
    path("briefing/organisers/", briefing_views.organiser_list, name="briefing-organisers"),
    path("briefing/attendance/", briefing_views.attendance_record, name="briefing-attendance"),
    path("briefing/versions/", briefing_views.version_list, name="briefing-versions"),
]
