"""The JSON API (/api/v1/), one router per domain, with its OpenAPI document at /api/v1/docs."""

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="Diaodu 工业经济运行监测调度平台 API",
    version="1",
    auth=django_auth,
    urls_namespace="api",
)
