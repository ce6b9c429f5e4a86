from django.urls import path

from podium.reporting import views

app_name = "reporting"

# Names start `return-`, `transparency-` or are `definitions`: the dashboards
# (another part of this app) keep their own names.
urlpatterns = [
    path("return/", views.return_detail, name="return-detail"),
    path("return/pack/", views.return_pack, name="return-pack"),
    path("return/export/", views.return_export, name="return-export"),
    path("return/sign-off/", views.return_sign_off, name="return-sign-off"),
    path("return/settings/", views.return_settings, name="return-settings"),
    path("definitions/", views.definitions, name="definitions"),
    path("transparency/", views.transparency_list, name="transparency-list"),
    path("transparency/publish/", views.transparency_publish, name="transparency-publish"),
    path("transparency/<int:year>/", views.transparency_detail, name="transparency-detail"),
]
