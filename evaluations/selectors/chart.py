"""The stars per street as a stacked bar chart, drawn as SVG by the ranking page."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

STAR_LEVELS = (5, 4, 3, 2, 1, 0)  # the legend's order, five stars first

# The star chart: one horizontal stacked bar per street, one colour per star level.
STAR_COLOURS = {5: "#b71c1c", 4: "#e65100", 3: "#f9a825", 2: "#7cb342", 1: "#90a4ae", 0: "#cfd8dc"}


LABEL_WIDTH = 180


BAR_WIDTH = 480


BAR_HEIGHT = 22


ROW_HEIGHT = 30


LEGEND_HEIGHT = 34


@dataclass
class ChartSegment:
    stars: int
    count: int
    x: float
    width: float
    colour: str


@dataclass
class ChartBar:
    street: str
    total: int
    y: int
    text_y: int
    segments: list[ChartSegment]


@dataclass
class LegendEntry:
    stars: int
    x: int
    text_x: int
    colour: str


@dataclass
class StarChart:
    bars: list[ChartBar]
    legend: list[LegendEntry]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    legend_y: int = 0
    legend_text_y: int = 0


def star_chart(street_names: list[str], street_stars) -> StarChart:
    """The star distribution per street, laid out for SVG: each bar is as long as the street's largest share."""
    counts: dict[str, dict[int, int]] = {name: {} for name in street_names}
    for (street, stars), count in Counter(street_stars).items():  # counted in C: a city has 20,000 rows
        if stars is None:
            continue
        per_street = counts.setdefault(street or _("Outside any street"), {})
        per_street[stars] = per_street.get(stars, 0) + count
    counts = {street: stars for street, stars in counts.items() if stars}
    largest = max((sum(stars.values()) for stars in counts.values()), default=0)
    bars = []
    for index, (street, per_star) in enumerate(counts.items()):
        total = sum(per_star.values())
        x = float(LABEL_WIDTH)
        segments = []
        for stars in STAR_LEVELS:
            count = per_star.get(stars, 0)
            if not count:
                continue
            width = round(BAR_WIDTH * count / largest, 1)
            segments.append(ChartSegment(stars, count, round(x, 1), width, STAR_COLOURS[stars]))
            x += width
        y = LEGEND_HEIGHT + index * ROW_HEIGHT
        bars.append(ChartBar(street, total, y, y + BAR_HEIGHT - 6, segments))
    legend = [
        LegendEntry(stars, LABEL_WIDTH + index * 80, LABEL_WIDTH + index * 80 + 18, STAR_COLOURS[stars])
        for index, stars in enumerate(STAR_LEVELS)
    ]
    height = LEGEND_HEIGHT + max(len(bars), 1) * ROW_HEIGHT
    return StarChart(
        bars=bars, legend=legend, width=LABEL_WIDTH + BAR_WIDTH + 60, height=height, legend_y=4, legend_text_y=17
    )
