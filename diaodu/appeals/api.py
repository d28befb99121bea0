"""JSON API of the appeals app (mounted under /api/v1/ by diaodu.api.urls)."""

from ninja import Router

router = Router(tags=["appeals"])
