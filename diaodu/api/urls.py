"""The JSON API (/api/v1/), one router per domain; OpenAPI document at /api/v1/openapi.json."""

from ninja import NinjaAPI
from ninja.security import django_auth

from diaodu.analysis.api import router as analysis_router
from diaodu.appeals.api import router as appeals_router
from diaodu.dispatch.api import router as dispatch_router
from diaodu.enterprises.api import router as enterprises_router
from diaodu.ingest.api import router as ingest_router
from diaodu.projects.api import router as projects_router
from diaodu.regions.api import router as regions_router
from diaodu.reports.api import router as reports_router
from diaodu.targets.api import router as targets_router
from diaodu.warnings.api import router as warnings_router

api = NinjaAPI(
    title="Diaodu 工业经济运行监测调度平台 API",
    version="1",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/", regions_router)
api.add_router("/", analysis_router)
api.add_router("/", enterprises_router)
api.add_router("/", ingest_router)
api.add_router("/", appeals_router)
api.add_router("/", projects_router)
api.add_router("/", targets_router)
api.add_router("/", warnings_router)
api.add_router("/", dispatch_router)
api.add_router("/", reports_router)
