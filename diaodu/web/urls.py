from django.contrib.auth import views as auth_views
from django.urls import path

from diaodu.web import views

app_name = "web"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("regions/<str:code>/", views.region_page, name="region"),
    path("regions/<str:code>/enterprises/", views.enterprises_page, name="enterprises"),
    path("imports/", views.imports_page, name="imports"),
    path("imports/<int:batch_id>/rollback/", views.rollback_page, name="rollback"),
]
