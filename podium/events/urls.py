from django.urls import include, path

from podium.events import views
from podium.events.calendar import urls as calendar_urls
from podium.events.policy import urls as policy_urls
from podium.notify import views as notify_views

app_name = "events"

urlpatterns = [
    path("requests/", views.request_list, name="request-list"),
    path("requests/new/", views.request_create, name="request-create"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/edit/<slug:step>/", views.request_edit, name="request-edit"),
    path("requests/<int:pk>/check/", views.request_check, name="request-check"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request-withdraw"),
    path("requests/<int:pk>/ask/", views.request_ask, name="request-ask"),
    path("requests/<int:pk>/answer/", views.request_answer, name="request-answer"),
    path("requests/<int:pk>/note/", views.request_note, name="request-note"),
    path("requests/<int:pk>/escalate/", views.request_escalate, name="request-escalate"),
    path("requests/<int:pk>/fast-track/", views.request_fast_track, name="request-fast-track"),
    path("requests/<int:pk>/decide/", views.request_decide, name="request-decide"),
    path("requests/<int:pk>/appeal/", views.request_appeal, name="request-appeal"),
    path(
        "requests/<int:pk>/appeal/decide/",
        views.request_appeal_decide,
        name="request-appeal-decide",
    ),
    path("requests/<int:pk>/cancel/", views.request_cancel, name="request-cancel"),
    path("requests/<int:pk>/report/", views.request_report, name="request-report"),
    path("requests/<int:pk>/incident/", views.request_incident, name="request-incident"),
    path("conditions/<int:pk>/confirm/", views.condition_confirm, name="condition-confirm"),
    path("conditions/<int:pk>/review/", views.condition_review, name="condition-review"),
    path("queue/", views.queue, name="queue"),
    path("inbox/", notify_views.inbox, name="inbox"),
    path("inbox/read/", notify_views.inbox_read, name="inbox-read"),
    path("deputies/", views.deputies, name="deputies"),
    path("deputies/<int:pk>/end/", views.deputy_end, name="deputy-end"),
    path("calendar/", include(calendar_urls.urlpatterns)),
    path("policy/", include(policy_urls.urlpatterns)),
]
