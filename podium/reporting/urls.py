from django.urls import URLPattern, path

from podium.reporting import dashboards, views

app_name = "reporting"

urlpatterns: list[URLPattern] = [
    # The return and the transparency report (views.py).
    path("return/", views.return_detail, name="return-detail"),
    path("return/pack/", views.return_pack, name="return-pack"),
    path("return/export/", views.return_export, name="return-export"),
    path("return/sign-off/", views.return_sign_off, name="return-sign-off"),
    path("return/settings/", views.return_settings, name="return-settings"),
    path("definitions/", views.definitions, name="definitions"),
    path("transparency/", views.transparency_list, name="transparency-list"),
    path("transparency/publish/", views.transparency_publish, name="transparency-publish"),
    path("transparency/<int:year>/", views.transparency_detail, name="transparency-detail"),
    # The dashboards (dashboards.py): an index and one page per dashboard.
    path("dashboards/", dashboards.dashboard_index, name="dashboard-index"),
    *[
        path(f"dashboards/{slug}/", view, name=f"dashboard-{slug}")
        for slug, view in dashboards.dashboard_views.items()
    ],
]
