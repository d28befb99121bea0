from django.contrib import admin
from django.urls import include, path

from diaodu.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("diaodu.web.urls")),
]
