"""`/events/policy/`: the rules an administrator edits (see README.md)."""

from django.urls import URLPattern, path

from podium.events.policy import views

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="policy-overview"),
    path("settings/", views.settings_edit, name="policy-settings"),
    path("closure-days/", views.closure_day_list, name="policy-closure-days"),
    path("event-types/", views.event_type_list, name="policy-event-types"),
    path("notice-periods/", views.notice_period_list, name="policy-notice-periods"),
    path("campuses/", views.campus_list, name="policy-campuses"),
    path("risk/", views.risk, name="policy-risk"),
    path("risk/matrix/", views.risk_matrix_edit, name="policy-risk-matrix"),
    path("questions/", views.question_list, name="policy-questions"),
    path("routing-rules/", views.routing_rule_list, name="policy-routing-rules"),
    path("routing-rules/add/", views.routing_rule_add, name="policy-routing-rule-add"),
    path("routing-rules/<int:pk>/", views.routing_rule_edit, name="policy-routing-rule-edit"),
    path("mitigations/", views.mitigation_list, name="policy-mitigations"),
]

# Add and edit pages for the records edited with one form each (policy.views.KINDS).
SEGMENTS = {
    "closure-day": "closure-days",
    "event-type": "event-types",
    "notice-period": "notice-periods",
    "campus": "campuses",
    "risk-level": "risk/levels",
    "question": "questions",
    "mitigation": "mitigations",
}
for kind, segment in SEGMENTS.items():
    urlpatterns += [
        path(f"{segment}/add/", views.record_add, {"kind": kind}, name=f"policy-{kind}-add"),
        path(f"{segment}/<int:pk>/", views.record_edit, {"kind": kind}, name=f"policy-{kind}-edit"),
    ]
    if views.KINDS[kind].delete is not None:
        urlpatterns.append(
            path(
                f"{segment}/<int:pk>/delete/",
                views.record_delete,
                {"kind": kind},
                name=f"policy-{kind}-delete",
            )
        )
