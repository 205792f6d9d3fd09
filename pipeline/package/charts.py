"""The three charts of the published tables (drawn here, written by the stage
:mod:`pipeline.stages.figures`):

``events_by_year.png``
    Stacked bars: per year (of ``date_start``), how many events of each ``event_type``. It
    counts the reconciled ``events`` table (one row per occurrence). Rows whose date
    interval spans more than one calendar year (a decade, "1997–2013") are not counted in
    any year; the footnote gives their number.

``membership.png``
    Every dated ``membership_mentions`` row at the middle of its date interval (the thin
    horizontal line is the interval when it is longer than a month): a vertical line
    from ``low`` to ``high`` for a range, a point for a single figure (exact or
    approximate), ▲ at ``low`` for "at least" and ▼ at ``high`` for "at most".  Colour =
    ``estimator`` (grey: the source in its own voice); filled = the whole group
    (``scope`` "global"), hollow = a site, wing or camp.  Log scale.  Undated rows are
    left out (footnote).

``designations.png``
    Per jurisdiction, bars for the periods the group was on its terrorist list, drawn from
    ``designation_periods`` as published (the reconcile stage derives them). Hatched bars: a
    delisting whose listing date the sources do not give (drawn from the left edge).
    Jurisdictions listed with no date at all say so in text. Markers: ◆ a court annulled the
    listing, ✕ a delisting was denied (from ``designation_mentions``, at the start of the
    mention's date interval).

Determinism: the Agg backend, fixed size and dpi (800 px wide, for the README), the
bundled DejaVu Sans font, ``svg.hashsalt`` fixed and ``metadata={"Software": None}`` so
no version or date is written into the PNG: same tables → same bytes.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator  # noqa: E402

from pipeline.core import fsutil

log = logging.getLogger(__name__)

WIDTH_IN, DPI = 8.0, 100  # 800 px wide
STYLE = {
    "svg.hashsalt": "mek-events",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.fontsize": 8,
    "legend.frameon": False,
}
# One distinct colour per event type (schema enum order); unknown types cycle through tab20.
EVENT_COLOURS = {
    "founding": "#bcbd22", "attack": "#d62728", "military_operation": "#8c2d04", "arrest_or_raid": "#ff7f0e",
    "execution": "#252525", "protest": "#f2c12e", "relocation": "#e377c2", "agreement": "#98df8a",
    "election": "#9467bd", "legal": "#1f77b4", "disclosure": "#17becf", "organisational": "#8c8c8c",
    "diplomatic": "#2ca02c", "other": "#d0d0d0",
}
JURISDICTION_NAMES = {
    "US": "United States", "EU": "European Union", "GB": "United Kingdom", "CA": "Canada",
    "JP": "Japan", "IR": "Iran", "IQ": "Iraq", "UN": "United Nations", "AU": "Australia",
    "FR": "France", "DE": "Germany", "AL": "Albania",
}


# --- reading -----------------------------------------------------------------------------


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a published CSV as text cells ("" = missing)."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _one_year(row: Mapping[str, str]) -> int | None:
    """Year of a row whose date interval lies within one calendar year, else None."""
    start, end = _date(row.get("date_start")), _date(row.get("date_end"))
    if start is None or (end is not None and end.year != start.year):
        return None
    return start.year


def _save(fig, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # temporary sibling + rename; removed (and the error names it) if the write fails
        fsutil.atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=DPI, metadata={"Software": None}))
    finally:
        plt.close(fig)
    log.info("figures: wrote %s", path)


# --- events by year ----------------------------------------------------------------------


def events_by_year(rows: Iterable[Mapping[str, str]], types: list[str]) -> tuple[dict[int, Counter], int]:
    """Per year, the count of each event type; and the number of rows not placed in a year."""
    counts: dict[int, Counter] = defaultdict(Counter)
    skipped = 0
    for row in rows:
        year = _one_year(row)
        if year is None:
            skipped += 1
            continue
        counts[year][row["event_type"]] += 1
    unknown = {t for c in counts.values() for t in c} - set(types)
    if unknown:
        raise ValueError(f"event types not in the schema: {sorted(unknown)}")
    return dict(counts), skipped


def plot_events_by_year(rows: list[Mapping[str, str]], types: list[str], what: str, path: Path) -> None:
    counts, skipped = events_by_year(rows, types)
    years = list(range(min(counts), max(counts) + 1)) if counts else []
    used = [t for t in types if any(counts.get(y, Counter())[t] for y in years)]
    spare = plt.get_cmap("tab20").colors
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.6), layout="constrained")
    bottom = [0] * len(years)
    for i, etype in enumerate(used):
        heights = [counts.get(y, Counter())[etype] for y in years]
        ax.bar(years, heights, bottom=bottom, width=0.85, color=EVENT_COLOURS.get(etype, spare[i % 20]),
               label=etype.replace("_", " "), edgecolor="white", linewidth=0.3)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_title(f"{what} per year, by event type")
    ax.set_xlabel("year (of date_start)")
    ax.set_ylabel(f"{what.lower()}")
    if years:
        ax.set_xlim(years[0] - 1, years[-1] + 1)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
    fig.legend(loc="outside right upper", title="event type", title_fontsize=8, reverse=True)
    fig.text(0.01, 0.005, f"{len(rows) - skipped} of {len(rows)} rows; {skipped} dated only to a decade or to a "
             "span of several years are not shown.", fontsize=7, color="0.35", ha="left", va="bottom")
    fig.get_layout_engine().set(h_pad=0.15)
    _save(fig, path)


# --- membership --------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One dated membership figure, ready to draw."""

    start: dt.date
    end: dt.date
    low: int | None
    high: int | None
    qualifier: str
    estimator: str
    whole_group: bool

    @property
    def middle(self) -> dt.date:
        return self.start + (self.end - self.start) / 2


def membership_figures(rows: Iterable[Mapping[str, str]]) -> tuple[list[Figure], int]:
    """The dated membership rows as :class:`Figure`; and the number of undated rows left out."""
    out, undated = [], 0
    for row in rows:
        start = _date(row.get("date_start"))
        if start is None or (_int(row.get("low")) is None and _int(row.get("high")) is None):
            undated += 1
            continue
        out.append(Figure(start, _date(row.get("date_end")) or start, _int(row.get("low")), _int(row.get("high")),
                          row["qualifier"], row.get("estimator") or "", row.get("scope") == "global"))
    return out, undated


def plot_membership(rows: list[Mapping[str, str]], path: Path) -> None:
    figures, undated = membership_figures(rows)
    estimators = sorted({f.estimator for f in figures if f.estimator})
    palette = plt.get_cmap("tab10").colors
    colour = {"": "0.45", **{e: palette[i % 10] for i, e in enumerate(estimators)}}
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.6), layout="constrained")
    for f in figures:
        c, x = colour[f.estimator], f.middle
        face = c if f.whole_group else "white"
        if (f.end - f.start).days > 31:
            y = f.low if f.low is not None else f.high
            ax.plot([f.start, f.end], [y, y], color=c, linewidth=0.8, alpha=0.6)
        if f.low is not None and f.high is not None and f.low != f.high:
            ax.plot([x, x], [f.low, f.high], color=c, linewidth=2.2, solid_capstyle="butt")
            ax.plot([x, x], [f.low, f.high], linestyle="none", marker="_", markersize=9, color=c)
        elif f.high is None:
            ax.plot([x], [f.low], marker="^", markersize=7, color=c, markerfacecolor=face, linestyle="none")
        elif f.low is None:
            ax.plot([x], [f.high], marker="v", markersize=7, color=c, markerfacecolor=face, linestyle="none")
        else:
            ax.plot([x], [f.low], marker="o", markersize=6, color=c, markerfacecolor=face, linestyle="none")
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.set_title("Membership figures the sources give, over time")
    ax.set_xlabel("date the figure refers to (middle of its interval)")
    ax.set_ylabel("people (log scale)")
    ax.grid(axis="y", which="major", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
    handles = [Line2D([], [], color=colour[e], linewidth=2.2, label=e or "source's own voice")
               for e in ["", *estimators]]
    handles += [
        Line2D([], [], color="0.2", marker="o", linestyle="none", label="single figure, whole group"),
        Line2D([], [], color="0.2", marker="o", markerfacecolor="white", linestyle="none",
               label="single figure, a site or wing"),
        Line2D([], [], color="0.2", marker="^", markerfacecolor="white", linestyle="none", label="at least"),
        Line2D([], [], color="0.2", marker="v", markerfacecolor="white", linestyle="none", label="at most"),
        Line2D([], [], color="0.2", linewidth=2.2, label="range low–high"),
        Line2D([], [], color="0.2", linewidth=0.8, alpha=0.6, label="date interval"),
    ]
    fig.legend(handles=handles, loc="outside right upper", title="estimator / mark", title_fontsize=8)
    fig.text(0.01, 0.005, f"{len(figures)} dated figures; {undated} undated not shown.",
             fontsize=7, color="0.35", ha="left", va="bottom")
    fig.get_layout_engine().set(h_pad=0.15)
    _save(fig, path)


# --- designations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A listing period of one jurisdiction; ``start``/``end`` None when the sources give no date."""

    jurisdiction: str
    start: dt.date | None
    end: dt.date | None
    status: str  # listed (still listed), ended, delisted_without_listing


def periods_from_table(rows: Iterable[Mapping[str, str]]) -> list[Period]:
    """Periods as published in ``designation_periods``."""
    return sorted(
        (Period(r["jurisdiction"], _date(r["listed_from"]), _date(r["listed_to"]), r["status"]) for r in rows),
        key=lambda p: (p.jurisdiction, p.start or dt.date.min, p.end or dt.date.max),
    )


def plot_designations(periods: list[Period], mentions: list[Mapping[str, str]], source: str, path: Path) -> None:
    markers = [
        (r["jurisdiction"], _date(r["date_start"]), r["action"])
        for r in mentions
        if r["action"] in ("delisting_denied", "listing_annulled_by_court") and r.get("date_start")
    ]
    dates = [d for p in periods for d in (p.start, p.end) if d] + [d for _, d, _ in markers]
    first = dt.date((min(dates).year // 5) * 5 - 1, 1, 1) if dates else dt.date(1990, 1, 1)
    last = dt.date(max(dates).year + 3, 1, 1) if dates else dt.date(2025, 1, 1)
    names = sorted({p.jurisdiction for p in periods} | {j for j, _, _ in markers},
                   key=lambda j: (min((p.start or p.end or dt.date.max) for p in periods if p.jurisdiction == j)
                                  if any(p.jurisdiction == j for p in periods) else dt.date.max, j))
    row_of = {j: i for i, j in enumerate(reversed(names))}
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.5 * len(names) + 1.9), layout="constrained")
    listed, unknown = "#c0392b", "#e6b0aa"
    for p in periods:
        y = row_of[p.jurisdiction]
        if p.start is None and p.end is None:
            ax.text(first, y, "  listed (the sources give no date)", va="center", ha="left", fontsize=8, color="0.25")
            continue
        start, end = p.start or first, p.end or last
        ax.barh(y, (end - start).days, left=start, height=0.5, color=unknown if p.start is None else listed,
                hatch="///" if p.start is None else None, edgecolor="white", linewidth=0)
        if p.end is None:
            ax.annotate("", xy=(last, y), xytext=(last - dt.timedelta(days=1), y),
                        arrowprops={"arrowstyle": "-|>", "color": listed})
        label = f"{p.start.year if p.start else '?'}–{p.end.year if p.end else ''}"
        ax.text(end + dt.timedelta(days=120) if p.end else last, y + 0.3, label, fontsize=7, color="0.25",
                ha="left" if p.end else "right", va="bottom")
    for j, date, action in markers:
        y = row_of[j]
        if action == "listing_annulled_by_court":
            ax.plot([date], [y], marker="D", markersize=6, color="#1f4e79", linestyle="none")
        else:
            ax.plot([date], [y], marker="X", markersize=7, color="black", linestyle="none")
    ax.set_yticks(range(len(names)), [f"{JURISDICTION_NAMES.get(j, j)} ({j})" for j in reversed(names)])
    ax.set_xlim(first, last)
    ax.set_ylim(-0.7, len(names) - 0.3)
    ax.set_xlabel("date (start of each act's date interval)")
    ax.set_title("Terrorist-list periods by jurisdiction, as the sources state them")
    ax.grid(axis="x", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    kinds = {(p.start is None, p.end is None) for p in periods}
    actions = {a for _, _, a in markers}
    handles = [Patch(color=listed, label="listed")]
    if (True, False) in kinds:
        handles.append(Patch(facecolor=unknown, hatch="///", edgecolor="white", label="listed, start not dated"))
    if "listing_annulled_by_court" in actions:
        handles.append(
            Line2D([], [], marker="D", color="#1f4e79", linestyle="none", label="court annulled the listing")
        )
    if "delisting_denied" in actions:
        handles.append(Line2D([], [], marker="X", color="black", linestyle="none", label="delisting denied"))
    ax.legend(handles=handles, loc="lower right", frameon=True, framealpha=0.9, edgecolor="0.8")
    fig.text(0.01, 0.005, f"Periods: {source}. An arrow: no delisting reported.",
             fontsize=7, color="0.35", ha="left", va="bottom")
    fig.get_layout_engine().set(h_pad=0.15)
    _save(fig, path)


def styled() -> contextlib.AbstractContextManager:
    """The fixed style (font, sizes, hash salt) every chart is drawn in."""
    return plt.rc_context(STYLE)
