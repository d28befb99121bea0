"""JSON API of the ingest app (mounted under /api/v1/ by diaodu.api.urls)."""

from ninja import Router

router = Router(tags=["ingest"])
