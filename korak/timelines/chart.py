"""The board's bar chart, drawn on the server as SVG: overdue first, then one bar per day."""

from dataclasses import dataclass
from datetime import date

WIDTH, GAP, HEIGHT, TOP = 44, 8, 120, 18


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    count: int
    label: str
    day: date | None
    overdue: bool
    label_x: int
    count_y: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    baseline: int


def bars(*, overdue: int, per_day: list[tuple[date, int]], overdue_label: str) -> Chart:
    values: list[tuple[str, date | None, int, bool]] = [(overdue_label, None, overdue, True)]
    values += [(day.strftime("%d.%m."), day, count, False) for day, count in per_day]
    peak = max((count for *_, count, _ in values), default=0) or 1
    drawn = []
    for index, (label, day, count, is_overdue) in enumerate(values):
        height = round(HEIGHT * count / peak)
        x = GAP + index * (WIDTH + GAP)
        y = TOP + HEIGHT - height
        drawn.append(Bar(x=x, y=y, width=WIDTH, height=height, count=count, label=label, day=day,
                         overdue=is_overdue, label_x=x + WIDTH // 2, count_y=y - 4))
    return Chart(width=GAP + len(values) * (WIDTH + GAP), height=TOP + HEIGHT + 22, bars=drawn,
                 baseline=TOP + HEIGHT)
