"""JSON API of the targets app (mounted under /api/v1/ by diaodu.api.urls)."""

from ninja import Router

router = Router(tags=["targets"])
