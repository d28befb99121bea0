"""Competition ranking ("1, 2, 2, 4"), the rule for every rank Diaodu prints."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

Number = int | float | Decimal


def competition_ranks(values: Sequence[Number | None]) -> list[int | None]:
    """Rank values highest first; equal values share a rank and the next rank skips.

    A value of None has rank None and does not count in the others' ranks."""
    ordered = sorted((value for value in values if value is not None), reverse=True)
    first_rank: dict[Number, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_rank.setdefault(value, position)
    return [None if value is None else first_rank[value] for value in values]


def rank_change(previous: int | None, current: int | None) -> int | None:
    """Positive: moved up (前移); negative: moved down (后移); None if either is unknown."""
    if previous is None or current is None:
        return None
    return previous - current
