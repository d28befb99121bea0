"""The rules shipped, with thresholds administrators change (values at or below raise)."""

from __future__ import annotations

from typing import Any

DEFAULT_RULES: dict[str, dict[str, Any]] = {
    # gap to a growth target in pp, or completion − time progress in pp
    "behind_target": {
        "thresholds": {"red": -3, "orange": -2, "yellow": -1, "blue": -0.1},
        "params": {"tier": "expected"},
    },
    # change of YTD growth against the previous month, pp
    "growth_drop": {"thresholds": {"red": -3, "orange": -2, "yellow": -1, "blue": -0.5}},
    # YTD growth of a watched enterprise, %; stopping this month is red
    "key_enterprise": {
        "thresholds": {"red": -30, "orange": -20, "yellow": -10, "blue": -5},
        "params": {"groups": ["白名单"], "top_n": 20},
    },
    # annualised revenue ÷ the 2000万元 threshold of the directory
    "threshold_risk": {
        "thresholds": {"red": 1.0, "orange": 1.05, "yellow": 1.1},
        "params": {"threshold_wan": 2000},
    },
    # working days past the deadline (negative), or left before it (due soon: blue)
    "appeal_overdue": {"thresholds": {"red": -10, "orange": -5, "yellow": -1, "blue": 3}},
    # investment completion − time progress, pp
    "project_behind": {"thresholds": {"red": -30, "orange": -20, "yellow": -10}},
}


def ship_defaults(rule_model: Any) -> None:
    for kind, settings in DEFAULT_RULES.items():
        rule_model.objects.get_or_create(
            kind=kind,
            defaults={"thresholds": settings["thresholds"], "params": settings.get("params", {})},
        )
