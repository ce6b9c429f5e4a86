from django.urls import path

from podium.concerns import views

app_name = "concerns"

urlpatterns = [
    path("share/", views.share, name="share"),
    path("shared/", views.shared, name="shared"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/update/", views.case_update, name="case-update"),
    path("cases/<int:pk>/notes/", views.note_add, name="note-add"),
    path("cases/<int:pk>/identity/", views.identity, name="identity"),
    path("break-glass/", views.break_glass, name="break-glass"),
    path("break-glass/uses/", views.break_glass_uses, name="break-glass-uses"),
    path("counts/", views.counts, name="counts"),
    path("reportable-events/", views.event_list, name="event-list"),
    path("reportable-events/<int:pk>/", views.event_edit, name="event-edit"),
    path("reportable-events/<int:pk>/actions/", views.action_add, name="action-add"),
    path(
        "reportable-events/<int:pk>/actions/<int:action_pk>/done/",
        views.action_done,
        name="action-done",
    ),
    path("settings/", views.settings_page, name="settings"),
]
