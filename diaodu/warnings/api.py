"""JSON API of the warnings app (mounted under /api/v1/ by diaodu.api.urls)."""

from ninja import Router

router = Router(tags=["warnings"])
