"""The scoring engine: plain values in, plain values out; no ORM, no settings, no clock.

Every scheme function returns a ``Result`` that carries its own explanation as data (points per dimension,
the threshold, lit or why not, the vetoes hit, the gate and its share), so whatever shows a number can say
why. ``compute`` is the single entry for one subject; ``compute_group`` ranks a group (Jinyuan).
Points are Decimals; shares are floored to six places so that comparing them with a gate is exact.

The modules, from the ground up: ``values`` (inputs and results), ``points`` (leaves and dimensions),
``satisfaction`` (votes and the gate), ``bands``, the schemes ``stars``, ``grades`` and ``ranks``, and
``compute``. This package hands their public names on: import them from ``scoring.engine``.
"""

from scoring.engine.compute import compute, compute_group
from scoring.engine.grades import weighted_grade
from scoring.engine.points import dimension_points, points, vetoes_hit
from scoring.engine.ranks import Rank, ranked_score
from scoring.engine.satisfaction import apply_gate, satisfaction_result
from scoring.engine.stars import dimension_stars, score_bands
from scoring.engine.values import (
    MAX_STARS,
    DimensionResult,
    DimensionScore,
    GateResult,
    GroupSatisfaction,
    InputError,
    Inputs,
    OptionCount,
    Result,
    SatisfactionResult,
    VetoHit,
)

__all__ = [
    "MAX_STARS",
    "DimensionResult",
    "DimensionScore",
    "GateResult",
    "GroupSatisfaction",
    "InputError",
    "Inputs",
    "OptionCount",
    "Rank",
    "Result",
    "SatisfactionResult",
    "VetoHit",
    "apply_gate",
    "compute",
    "compute_group",
    "dimension_points",
    "dimension_stars",
    "points",
    "ranked_score",
    "satisfaction_result",
    "score_bands",
    "vetoes_hit",
    "weighted_grade",
]
