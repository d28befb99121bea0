"""JSON API of the dispatch app (mounted under /api/v1/ by diaodu.api.urls)."""

from ninja import Router

router = Router(tags=["dispatch"])
