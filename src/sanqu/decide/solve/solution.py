"""What a method returns, and the error of an allocation that cannot be made as asked."""

from __future__ import annotations

from dataclasses import dataclass

from ...i18n import Msg
from ...problems import SanquError


class AllocationError(SanquError):
    """The allocation cannot be made as asked (an unsupported rule, a solver failure)."""


@dataclass
class Solution:
    """What a method returns: person index -> post index, and whether it is proven best."""

    placed: dict[int, int]
    proven_optimal: bool = True
    status: str = "optimal"
    bound: int | None = None  # not proven: the most slots any allocation could fill
    reason: Msg | None = None  # not proven: why, in words (``status`` is its English)
    # fair, not proven: no allocation filling the most slots has fewer blocking pairs (0: none known)
    envy_bound: int | None = None
