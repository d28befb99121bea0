"""What the appeals app ships: seed 001's eleven categories and default time limits
(一般 20, 疑难 60 working days — about one and three months; administrators change them)."""

from __future__ import annotations

from typing import Any

from diaodu.appeals.models import CATEGORIES

DEFAULT_TIME_LIMITS = (("general", 20), ("difficult", 60))


def ship_defaults(category_model: Any, time_limit_model: Any) -> None:
    """Create what is missing; takes the models so the migration can pass its own."""
    for order, name in enumerate(CATEGORIES, start=1):
        category_model.objects.get_or_create(name=name, defaults={"order": order})
    for difficulty, amount in DEFAULT_TIME_LIMITS:
        time_limit_model.objects.get_or_create(
            difficulty=difficulty,
            category=None,
            defaults={"amount": amount, "unit": "working_days"},
        )
