from django.urls import path

from podium.sharing import views

app_name = "sharing"

urlpatterns = [
    path("", views.disclosure_list, name="disclosure-list"),
    path("new/", views.disclosure_create, name="disclosure-create"),
    path("<int:pk>/", views.disclosure_detail, name="disclosure-detail"),
    path("<int:pk>/edit/", views.disclosure_edit, name="disclosure-edit"),
    path("<int:pk>/submit/", views.disclosure_submit, name="disclosure-submit"),
    path("<int:pk>/sign-off/", views.disclosure_sign_off, name="disclosure-sign-off"),
    path("<int:pk>/send/", views.disclosure_send, name="disclosure-send"),
    path("<int:pk>/withdraw/", views.disclosure_withdraw, name="disclosure-withdraw"),
    path("<int:pk>/review/", views.disclosure_review, name="disclosure-review"),
    path("<int:pk>/record/", views.disclosure_record, name="disclosure-record"),
    path("<int:pk>/attachment/", views.disclosure_attachment, name="disclosure-attachment"),
    path("requests/", views.request_list, name="request-list"),
    path("requests/new/", views.request_create, name="request-create"),
    path("requests/received/", views.request_receive, name="request-receive"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/answers/<int:pk>/", views.request_answer, name="request-answer"),
    path("partners/", views.partner_list, name="partner-list"),
    path("partners/<int:pk>/", views.partner_edit, name="partner-edit"),
    path("purposes/", views.purpose_list, name="purpose-list"),
    path("purposes/<int:pk>/", views.purpose_edit, name="purpose-edit"),
    path("policy/", views.policy, name="policy"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement-document"),
    path("agreements/<int:pk>/review/", views.agreement_review, name="agreement-review"),
]
