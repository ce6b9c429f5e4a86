from django.urls import path

from podium.governance import views

app_name = "governance"

urlpatterns = [
    path("risk-assessment/", views.assessment, name="assessment"),
    path("risk-assessment/versions/new/", views.version_start, name="version-start"),
    path("risk-assessment/versions/<int:pk>/", views.version_detail, name="version-detail"),
    path("risk-assessment/versions/<int:pk>/submit/", views.version_submit, name="version-submit"),
    path("risk-assessment/versions/<int:pk>/return/", views.version_return, name="version-return"),
    path("risk-assessment/versions/<int:pk>/sign/", views.version_sign, name="version-sign"),
    path("risk-assessment/versions/<int:pk>/risks/new/", views.risk_add, name="risk-add"),
    path("risk-assessment/risks/<int:pk>/", views.risk_edit, name="risk-edit"),
    path("risk-assessment/risks/<int:pk>/remove/", views.risk_remove, name="risk-remove"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/mine/", views.my_actions, name="my-actions"),
    path("actions/new/", views.action_create, name="action-create"),
    path("actions/<int:pk>/", views.action_edit, name="action-edit"),
    path("complaints/", views.complaint_list, name="complaint-list"),
    path("complaints/new/", views.complaint_create, name="complaint-create"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint-detail"),
    path("complaints/<int:pk>/response/", views.complaint_respond, name="complaint-respond"),
    path("complaints/<int:pk>/escalation/", views.complaint_escalate, name="complaint-escalate"),
    path("complaints/<int:pk>/closure/", views.complaint_close, name="complaint-close"),
    path("code-of-practice/", views.code, name="code"),
    path("code-of-practice/versions/new/", views.code_start, name="code-start"),
    path("code-of-practice/versions/<int:pk>/", views.code_version, name="code-version"),
    path("code-of-practice/versions/<int:pk>/edit/", views.code_edit, name="code-edit"),
    path("code-of-practice/versions/<int:pk>/publish/", views.code_publish, name="code-publish"),
    path("code-of-practice/notices/", views.notice_list, name="notice-list"),
    path("settings/topics/", views.topic_list, name="topic-list"),
    path("settings/topics/<int:pk>/", views.topic_edit, name="topic-edit"),
    path("settings/rag-bands/", views.bands, name="bands"),
]
