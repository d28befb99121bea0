"""The statistical rules, as pure functions over exact sums (see contracts/dispatch-summary.md).

Inputs are integers (whole 分, or any one unit) or Decimals; results are Decimals,
unrounded: rounding is for display only. None where the rule has no denominator."""

from __future__ import annotations

from decimal import Decimal

Amount = int | Decimal
HUNDRED = Decimal(100)


def growth(current: Amount, prior: Amount) -> Decimal | None:
    """同比增长 (%) = (current / prior − 1) × 100; None without a base (prior = 0)."""
    if prior == 0:
        return None
    return (Decimal(current) - Decimal(prior)) / Decimal(prior) * HUNDRED


def pull(group_current: Amount, group_prior: Amount, parent_prior: Amount) -> Decimal | None:
    """拉动 (pp) = (ΣC_G − ΣP_G) / ΣP_R × 100; the pulls of a partition add up to R's growth."""
    if parent_prior == 0:
        return None
    return (Decimal(group_current) - Decimal(group_prior)) / Decimal(parent_prior) * HUNDRED


def share(part: Amount, whole: Amount) -> Decimal | None:
    """比重 (%) = part / whole × 100."""
    if whole == 0:
        return None
    return Decimal(part) / Decimal(whole) * HUNDRED


def contribution(
    group_current: Amount, group_prior: Amount, parent_current: Amount, parent_prior: Amount
) -> Decimal | None:
    """贡献率 (%) = the group's change / the parent's change × 100."""
    parent_change = Decimal(parent_current) - Decimal(parent_prior)
    if parent_change == 0:
        return None
    return (Decimal(group_current) - Decimal(group_prior)) / parent_change * HUNDRED


def change(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """A change in percentage points (M02: 较上月回落/提高); None if either is unknown."""
    if now is None or before is None:
        return None
    return now - before
