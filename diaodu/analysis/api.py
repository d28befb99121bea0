"""JSON API of the analysis app (mounted under /api/v1/ by diaodu.api.urls)."""

from ninja import Router

router = Router(tags=["analysis"])
