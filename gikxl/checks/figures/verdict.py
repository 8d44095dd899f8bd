"""The verdict on a claim, shared by the check PROSE-FIGURE-MISMATCH and the report's ``restated`` logic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gikxl.checks.figures.quantities import Claim, Quantity, Share


def same_share(value: float, figure: float, decimals: int) -> bool:
    """Whether a share or amount written with ``decimals`` decimals as ``figure`` is ``value``,
    rounded or cut off."""
    step = 10.0 ** -decimals
    return abs(value - figure) <= step / 2 + 1e-9 or 0 <= value - figure < step


def verdict(q: Quantity | Share, claim: Claim, read: Callable[[str, str, str], Any]) -> bool | None:
    """Whether the table agrees with the claim; ``None`` when blanks leave it open.

    A blank is unknown but not negative: a figure smaller than the filled cells' sum is wrong.
    """
    v = q.value(read)
    if v is not None:
        if isinstance(q, Share):
            return claim.decimals is not None and same_share(v, claim.figure, claim.decimals)
        if claim.decimals is not None:  # an amount, written to some decimals
            return same_share(v, claim.figure, claim.decimals)
        return v == claim.figure
    if isinstance(q, Share) or q.floor(read) <= claim.figure:
        return None
    return False
