from django.urls import URLPattern, path

from podium.reporting import dashboards

app_name = "reporting"

urlpatterns: list[URLPattern] = [
    # The dashboards (dashboards.py): an index and one page per dashboard.
    path("dashboards/", dashboards.dashboard_index, name="dashboard-index"),
    *[
        path(f"dashboards/{slug}/", view, name=f"dashboard-{slug}")
        for slug, view in dashboards.dashboard_views.items()
    ],
]
