from django.urls import path

from podium.accounts.audit_log import views

app_name = "audit"

urlpatterns = [
    path("", views.entry_list, name="entry-list"),
]
