from django.urls import path

from podium.accounts import views

app_name = "accounts"

urlpatterns = [
    path("units/", views.unit_list, name="unit-list"),
    path("units/new/", views.unit_create, name="unit-create"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("units/<int:pk>/roles/grant/", views.unit_grant_role, name="unit-grant-role"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role-revoke"),
    path("people/", views.user_list, name="user-list"),
    path("people/new/", views.user_create, name="user-create"),
    path("people/<int:pk>/", views.user_detail, name="user-detail"),
    path("people/<int:pk>/edit/", views.user_edit, name="user-edit"),
    path("people/<int:pk>/deactivate/", views.user_deactivate, name="user-deactivate"),
    path("people/<int:pk>/reactivate/", views.user_reactivate, name="user-reactivate"),
    path("security/", views.security_settings, name="security-settings"),
    path("single-sign-on/", views.sso_provider_list, name="sso-provider-list"),
    path("single-sign-on/new/", views.sso_provider_create, name="sso-provider-create"),
    path("single-sign-on/<int:pk>/edit/", views.sso_provider_edit, name="sso-provider-edit"),
    path("single-sign-on/saml/new/", views.saml_provider_create, name="saml-provider-create"),
    path("single-sign-on/saml/<int:pk>/edit/", views.saml_provider_edit, name="saml-provider-edit"),
    path("session/keep-alive/", views.session_keepalive, name="session-keepalive"),
]
