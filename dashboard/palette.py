"""The dashboard's colours and type, one place for every chart.

One colour per mode (conferences / posts / offices / memberships) and shades of it for its
sub-categories; statuses in colours no mode uses; and, for series that are not modes (units
over time), `SERIES`: enough distinct muted colours that a unit with many sub-units never
repeats one.
"""

from __future__ import annotations

FONT = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"Source Sans 3", "Source Sans Pro", sans-serif'
)
TEXT_COLOR = "#243447"
MUTED = "#6B7785"
GRID = "#E6EAEF"

# One colour per mode; the first shade is the mode's own colour.
MODE_COLORS: dict[str, str] = {
    "conferences": "#3A7CA5",
    "posts": "#C07A2C",
    "offices": "#2E8B74",
    "memberships": "#7A5C9E",
}
MODE_SHADES: dict[str, tuple[str, ...]] = {
    "conferences": ("#A9C8DE", "#3A7CA5", "#1E4A6B"),
    "posts": ("#8A5418", "#C07A2C", "#DDAA6E", "#EED7B6"),
    "offices": ("#B9DDD2", "#74B8A4", "#2E8B74", "#9AA6A2"),
    "memberships": ("#C9B8DE", "#9E84C0", "#7A5C9E", "#4E3873"),
}
NEUTRAL: tuple[str, ...] = ("#1F3A5F", "#7F98B5", "#C5D1DE")
STATUS_COLORS: dict[str, str] = {
    "on_track": "#2E7D5B",
    "at_risk": "#D4A017",
    "off_track": "#B03A2E",
    "none": "#9AA5B1",
}
SAFEGUARD_STATUS_COLORS: dict[str, str] = {
    "planned": "#C5D1DE",
    "in_progress": "#7F98B5",
    "done": "#1F3A5F",
}
# Series that are not modes (units): muted and distinct, the first ten as the dashboard always
# drew its units, then more of the same calm kind. Twenty, so 16 and more series stay apart.
SERIES: tuple[str, ...] = (
    "#1F3A5F",
    "#6F8FAF",
    "#9C755F",
    "#B07AA1",
    "#79706E",
    "#86BCB6",
    "#D4A6C8",
    "#BAB0AC",
    "#4E6E58",
    "#A0522D",
    "#6B4E5E",
    "#8F8C3E",
    "#4F5D75",
    "#8C564B",
    "#E07B91",
    "#507D2A",
    "#A3A3C2",
    "#D98C5F",
    "#3B3B3B",
    "#7FB3D5",
)
# The depth ladder speaks the modes' colours: a level is coloured by what reaches it.
DEPTH_COLORS: dict[int, str] = {
    0: "#D5DBE2",
    1: MODE_COLORS["memberships"],
    2: MODE_SHADES["conferences"][0],
    3: MODE_COLORS["conferences"],
    4: MODE_SHADES["posts"][2],
    5: MODE_SHADES["posts"][0],
    6: MODE_COLORS["offices"],
}
# The indicator that stands for each mode in trend charts.
MODE_INDICATORS: dict[str, str] = {
    "conferences": "conferences_cohosted",
    "posts": "posts_held",
    "offices": "offices_established",
    "memberships": "memberships_active",
}


def series_colors(count: int) -> list[str]:
    """Colours for `count` series, all different while there are colours to go round."""
    return [SERIES[i % len(SERIES)] for i in range(count)]
