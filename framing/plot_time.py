"""Figures over time: one line per outlet with bands, or small multiples, by week or month.

See :mod:`framing.plot` for the conventions shared by every figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from framing.plot_common import (
    FIG_WIDTH,
    LINESTYLES,
    PALETTE,
    UNITS,
    lacks_interval,
    min_docs_for_ci,
    new_axes,
    no_data,
    no_interval_entry,
    require_frame,
)

__all__ = ["MAX_BANDED", "plot_timeseries", "plot_timeseries_grid"]

#: Most outlets drawn with CI bands in one timeseries axes (more bands overlap).
MAX_BANDED = 8
#: Month steps between labelled ticks, smallest first (calendar-aligned: divisors of a year).
MONTH_STEPS = (1, 2, 3, 4, 6, 12)


def _metric_label(metric: str) -> str:
    if metric.startswith("stance:"):
        return f"mean stance toward {metric.split(':', 1)[1]} (-1..+1)"
    if metric.startswith("coverage:"):
        return f"share of sentences mentioning {metric.split(':', 1)[1]}"
    return UNITS.get(metric, metric)


def _series(timeseries: pd.DataFrame, metric: str, outlets: Sequence[str] | None):
    require_frame(timeseries, ["period", "outlet", "metric", "value", "ci_low", "ci_high"], "timeseries")
    data = timeseries[timeseries["metric"] == metric]
    if outlets is not None:
        data = data[data["outlet"].isin(list(outlets))]
    names = sorted(data["outlet"].unique()) if outlets is None else [
        o for o in outlets if o in set(data["outlet"])]
    return data, names


def _with_gaps(d: pd.DataFrame) -> pd.DataFrame:
    """One outlet's rows in period order, with a row of NaN for every week or month
    between its first and last period that has no row (no document), so that the
    line breaks there instead of drawing a value across the empty periods."""
    d = d.sort_values("period")
    freq = str(d["freq"].iloc[0]) if "freq" in d.columns and len(d) else ""
    if freq not in ("W", "M") or len(d) < 2:
        return d
    periods = pd.to_datetime(d["period"])
    every = pd.date_range(periods.iloc[0], periods.iloc[-1], freq="7D" if freq == "W" else "MS")
    missing = every.difference(periods)
    if missing.empty:
        return d
    gaps = pd.DataFrame({"period": missing, "value": np.nan, "ci_low": np.nan, "ci_high": np.nan})
    return pd.concat([d.assign(period=periods), gaps]).sort_values("period", kind="stable")


def _period_ticks(periods: pd.Series, freq: str, maxticks: int) -> list[pd.Timestamp]:
    """Tick dates at period starts: every k-th week from the first one, or every k-th month
    on calendar multiples of k (Jan, Apr, Jul, Oct for k = 3), with at most ``maxticks`` ticks."""
    dates = pd.to_datetime(periods).dropna()
    first, last = dates.min().normalize(), dates.max().normalize()
    if freq == "W":
        n_weeks = (last - first).days // 7 + 1
        step = max(1, -(-n_weeks // max(int(maxticks), 1)))
        return list(pd.date_range(first, last, freq=f"{7 * step}D"))
    starts = pd.date_range(first.replace(day=1), last, freq="MS")
    step = next((k for k in MONTH_STEPS if -(-len(starts) // k) <= maxticks),
                12 * -(-len(starts) // (12 * max(int(maxticks), 1))))
    return [d for d in starts if ((d.year * 12 + d.month - 1) % step) == 0]


class _PeriodFormatter(mticker.Formatter):
    """Week ticks as the week's first day ("1 Apr"), month ticks as month names ("Apr");
    the year under the first tick and wherever it changes."""

    def __init__(self, freq: str) -> None:
        self.freq = freq

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values) -> list[str]:
        labels, year = [], None
        for value in values:
            day = mdates.num2date(value)
            text = f"{day.day} {day:%b}" if self.freq == "W" else f"{day:%b}"
            if day.year != year:
                text, year = f"{text}\n{day.year}", day.year
            labels.append(text)
        return labels


def _time_axis(ax: Axes, data: pd.DataFrame, metric: str, ylabel: bool = True,
               maxticks: int = 8) -> None:
    if metric.startswith("stance:"):
        ax.axhline(0, color="#444444", linewidth=0.8)
    freq = data["freq"].iloc[0] if "freq" in data.columns and len(data) else None
    ax.set_xlabel({"W": "week", "M": "month"}.get(str(freq), "period"))
    if ylabel:
        ax.set_ylabel(_metric_label(metric))
    ax.grid(color="#e5e5e5", linewidth=0.7)
    if str(freq) in ("W", "M"):  # ticks at period starts, labelled as periods (not days)
        ticks = _period_ticks(data["period"], str(freq), maxticks)
        ax.xaxis.set_major_locator(mticker.FixedLocator(mdates.date2num(ticks)))
        ax.xaxis.set_major_formatter(_PeriodFormatter(str(freq)))
        return
    locator = mdates.AutoDateLocator(minticks=2, maxticks=maxticks)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def plot_timeseries(timeseries: pd.DataFrame, *, metric: str, outlets: Sequence[str] | None = None,
                    bands: bool | None = None, title: str | None = None,
                    ax: Axes | None = None) -> Axes:
    """One line per outlet over time with a 95% CI band.

    Parameters
    ----------
    timeseries : DataFrame
        The ``timeseries`` frame.
    metric : str
        E.g. ``"rate_per_1000"`` or ``"stance:Russia"``.
    outlets : sequence of str, optional
        Outlets to draw (default all).  Colours repeat after seven outlets with a
        new line style, after 28 with a new marker; for more than
        :data:`MAX_BANDED` outlets :func:`plot_timeseries_grid` reads better.
    bands : bool, optional
        Draw CI bands (default: only with at most :data:`MAX_BANDED` outlets, as
        more bands overlap into an unreadable mass).  A period without an
        interval (fewer than 5 contributing documents, ``n_docs``) has no band;
        when some drawn period lacks one, a grey legend entry says so.
    title : str, optional
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    data, names = _series(timeseries, metric, outlets)
    ax = new_axes(ax, height=3.6 + 0.12 * max(len(names) - 8, 0), width=FIG_WIDTH + 1.6)
    if data.empty:
        return no_data(ax, f"metric {metric!r}")
    if bands is None:
        bands = len(names) <= MAX_BANDED
    monthly = "freq" not in data.columns or str(data["freq"].iloc[0]) == "M"
    half = pd.Timedelta(days=20 if monthly else 5)
    single = pd.to_datetime(data["period"]).nunique() == 1
    for k, o in enumerate(names):
        d = _with_gaps(data[data["outlet"] == o])
        colour = PALETTE[k % len(PALETTE)]
        style = LINESTYLES[(k // len(PALETTE)) % len(LINESTYLES)]
        marker = ".osD"[(k // (len(PALETTE) * len(LINESTYLES))) % 4]
        x = pd.to_datetime(d["period"])
        if single:  # one period: spread the outlets sideways so whiskers do not overlap
            x = x + (2 * half) * ((k + 0.5) / len(names) - 0.5)
        ax.plot(x, d["value"].astype(float), color=colour, linestyle=style, marker=marker,
                markersize=4 if marker != "." else 6, linewidth=1.5, label=str(o))
        lo, hi = d["ci_low"].astype(float), d["ci_high"].astype(float)
        finite = np.isfinite(lo) & np.isfinite(hi)
        if bands and len(d) > 1 and finite.any():
            ax.fill_between(x, lo, hi, color=colour, alpha=0.15, linewidth=0)
        elif bands and finite.any():  # one period: a band has no width, draw a whisker
            v = d["value"].astype(float)
            ax.errorbar(x[finite], v[finite], yerr=[(v - lo)[finite], (hi - v)[finite]],
                        fmt="none", ecolor=colour, capsize=3)
    min_docs = min_docs_for_ci(timeseries)
    if bands and lacks_interval(data, "value", min_docs).any():
        period = "month" if monthly else "week"
        what = (f"mention {metric.split(':', 1)[1]} that {period}" if metric.startswith("stance:")
                else f"in that {period}")
        no_interval_entry(ax, f"no {'whisker' if single else 'band'}: fewer than {min_docs} "
                              f"articles\n{what}", marker="." if single else "o")
    _time_axis(ax, data, metric)
    if single:  # centre the one period instead of a span of years
        start = pd.to_datetime(data["period"]).iloc[0]
        ax.set_xlim(start - 1.1 * half, start + 1.1 * half)
        ax.set_xticks([mdates.date2num(start)],
                      labels=[f"{start:%b %Y}" if monthly else f"week of {start.day} {start:%b %Y}"])
        ax.set_xlabel(ax.get_xlabel() + " (outlets side by side)")
    ax.legend(title="outlet", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
              frameon=False, ncol=1 if len(names) <= 16 else 2)
    if title:
        ax.set_title(title)
    return ax


def plot_timeseries_grid(timeseries: pd.DataFrame, *, metric: str,
                         outlets: Sequence[str] | None = None, ncols: int = 4,
                         title: str | None = None, fig: plt.Figure | None = None) -> plt.Figure:
    """Small multiples: one panel per outlet (its line and CI band over the others in grey).

    Parameters
    ----------
    timeseries : DataFrame
        The ``timeseries`` frame.
    metric : str
        E.g. ``"rate_per_1000"`` or ``"stance:Russia"``.
    outlets : sequence of str, optional
        Outlets, one panel each (default all, sorted).
    ncols : int, default 4
        Panels per row.
    title : str, optional
    fig : Figure, optional
        An empty figure to draw in (default: a new one sized to the panels).

    Returns
    -------
    Figure
        Panels share both axes; each is titled with its outlet.
    """
    data, names = _series(timeseries, metric, outlets)
    ncols = max(1, min(int(ncols), max(len(names), 1)))
    nrows = max(1, -(-len(names) // ncols))
    width, height = 2.6 * ncols + 0.9, 1.9 * nrows + 1.2
    if fig is None:
        # fixed margins (inches) instead of constrained layout, which is slow with many panels
        fig = plt.figure(figsize=(width, height))
    if data.empty:
        no_data(fig.add_subplot(1, 1, 1), f"metric {metric!r}")
        return fig
    w, h = fig.get_size_inches()
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False, gridspec_kw={
        "left": 0.75 / w, "right": 1 - 0.15 / w, "bottom": 0.75 / h,
        "top": 1 - (0.75 if title else 0.35) / h, "hspace": 0.55, "wspace": 0.12})
    series = {o: _with_gaps(data[data["outlet"] == o]) for o in names}
    lines = {o: np.column_stack([mdates.date2num(pd.to_datetime(d["period"])),
                                 d["value"].to_numpy(dtype=float)]) for o, d in series.items()}
    for k, ax in enumerate(axes.flat):
        if k >= len(names):
            ax.set_visible(False)
            continue
        others = [xy for o, xy in lines.items() if o != names[k]]
        if others:  # context: every other outlet in light grey (one collection, fast)
            ax.add_collection(LineCollection(others, colors="#d0d0d0", linewidths=0.7, zorder=1))
        d = series[names[k]]
        x = pd.to_datetime(d["period"])
        lo, hi = d["ci_low"].astype(float), d["ci_high"].astype(float)
        if (np.isfinite(lo) & np.isfinite(hi)).any():
            ax.fill_between(x, lo, hi, color=PALETTE[0], alpha=0.2, linewidth=0, zorder=2)
        ax.plot(x, d["value"].astype(float), color=PALETTE[0], marker=".", linewidth=1.6,
                zorder=3, label=str(names[k]))
        ax.set_title(_cut_label(str(names[k]), 28), fontsize=9)
        _time_axis(ax, data, metric, ylabel=False, maxticks=4)
        if k + ncols < len(names):  # x label and ticks only on the lowest panel of each column
            ax.set_xlabel("")
        else:
            ax.xaxis.set_tick_params(labelbottom=True)
    fig.supylabel(_metric_label(metric), fontsize=10, x=0.12 / w, ha="left")
    if title:
        fig.suptitle(title)
    return fig


def _cut_label(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
