"""The band a score falls in, shared by the schemes that read stars or a grade off a scale."""

from collections.abc import Sequence
from decimal import Decimal

from scoring.definitions import GradeBand, StarBand


def band_for(bands: Sequence[StarBand | GradeBand], value: Decimal) -> StarBand | GradeBand:
    """The band from `lower` (inclusive) to `upper` (exclusive); the top band also holds its upper bound."""
    ordered = sorted(bands, key=lambda band: band.lower)
    value = min(max(value, ordered[0].lower), ordered[-1].upper)
    for band in ordered:
        if band.lower <= value < band.upper:
            return band
    return ordered[-1]
