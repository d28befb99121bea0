from django.contrib.auth import views as auth_views
from django.urls import path

from diaodu.web import (
    appeal_views,
    project_views,
    target_views,
    views,
    warning_views,
    whatif_views,
)

app_name = "web"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("regions/<str:code>/", views.region_page, name="region"),
    path("regions/<str:code>/enterprises/", views.enterprises_page, name="enterprises"),
    path("regions/<str:code>/export/<str:name>.xlsx", views.region_export, name="region_export"),
    path("regions/<str:code>/targets/", target_views.targets_page, name="region_targets"),
    path("regions/<str:code>/targets/set/", target_views.target_set, name="target_set"),
    path("regions/<str:code>/targets/import/", target_views.targets_import, name="targets_import"),
    path("regions/<str:code>/whatif/", whatif_views.whatif_page, name="whatif"),
    path("enterprises/", views.enterprises_home, name="enterprises_home"),
    path("enterprises/<str:uscc>/", views.enterprise_page, name="enterprise"),
    path("enterprises/<str:uscc>/notes/", views.enterprise_note, name="enterprise_note"),
    path("enterprises/<str:uscc>/history.xlsx", views.enterprise_export, name="enterprise_export"),
    path("appeals/", appeal_views.appeals_page, name="appeals"),
    path("appeals/export.xlsx", appeal_views.appeals_export, name="appeals_export"),
    path("appeals/<str:number>/", appeal_views.appeal_page, name="appeal"),
    path("appeals/<str:number>/<str:step>/", appeal_views.appeal_step, name="appeal_step"),
    path("projects/", project_views.projects_page, name="projects"),
    path("projects/export.xlsx", project_views.projects_export, name="projects_export"),
    path("projects/<int:project_id>/", project_views.project_page, name="project"),
    path("projects/<int:project_id>/<str:step>/", project_views.project_step, name="project_step"),
    path("warnings/", warning_views.warnings_page, name="warnings"),
    path("warnings/export.xlsx", warning_views.warnings_export, name="warnings_export"),
    path("warnings/<int:warning_id>/", warning_views.warning_page, name="warning"),
    path("warnings/<int:warning_id>/<str:step>/", warning_views.warning_step, name="warning_step"),
    path("targets/", target_views.targets_home, name="targets"),
    path("targets/template.xlsx", target_views.targets_template_download, name="targets_template"),
    path(
        "targets/<int:target_id>/hand-down/",
        target_views.target_hand_down,
        name="target_hand_down",
    ),
    path(
        "targets/<int:target_id>/hand-down/manual/",
        target_views.target_hand_down_manual,
        name="target_hand_down_manual",
    ),
    path("imports/", views.imports_page, name="imports"),
    path("imports/<int:batch_id>/rollback/", views.rollback_page, name="rollback"),
    path("imports/batches/", views.batches_page, name="batches"),
    path("imports/batches/<int:batch_id>/", views.batch_page, name="batch"),
]
