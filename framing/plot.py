"""Figures for outlet comparisons (matplotlib).

Every function takes ``ax=None`` (a new figure sized to the data is created
when it is None) and returns the Axes; none calls ``plt.show()`` or saves.
Inputs are the statistics frames (``rates``, ``distinctive``,
``stance_summary``, ``timeseries``; see ``docs/figures.md``).  Empty inputs
give an axes with a "no data" note instead of an exception; missing
confidence limits (NaN) draw the point without a whisker.

Colours come from the Okabe-Ito palette (:data:`framing.display.OKABE_ITO`),
safe for the common colour-vision deficiencies; heatmaps use ``cividis``.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from framing.display import OKABE_ITO
from framing.errors import InputError, ParameterError

__all__ = [
    "PALETTE",
    "VOICE_PLOT_COLOURS",
    "plot_rates",
    "plot_category_heatmap",
    "plot_distinctive",
    "plot_stance",
    "plot_timeseries",
    "plot_timeseries_grid",
    "plot_coverage_vs_framing",
]

#: Series colours in order (Okabe-Ito without yellow, which is unreadable as a
#: line or dot on white, and with black last).
PALETTE = [OKABE_ITO[k] for k in
           ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "black")]
#: Marker shapes cycled with the colours, so more than seven series stay distinct.
MARKERS = ["o", "s", "D", "^", "v", "P", "X"]
LINESTYLES = ["-", "--", ":", "-."]
#: Colours of the voice filters.
VOICE_PLOT_COLOURS = {"all": OKABE_ITO["black"], "author": OKABE_ITO["vermillion"],
                      "quoted": OKABE_ITO["blue"], "scare_quote": OKABE_ITO["reddish_purple"]}
#: Inches per outlet row and fixed margins of figures with one row per outlet.
ROW_HEIGHT = 0.32
BASE_HEIGHT = 1.4
FIG_WIDTH = 7.0
#: Most outlets drawn with CI bands in one timeseries axes (more bands overlap).
MAX_BANDED = 8
#: z-score beyond which a term counts as distinctive (two-sided 5%, unadjusted).
Z_CRIT = 1.96

_UNITS = {"rate_per_1000": "loaded terms per 1,000 words",
          "share_sentences": "share of sentences with a loaded term"}


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"{name} must be a DataFrame, got {type(frame).__name__}", field=name)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{name} frame lacks column(s) {', '.join(missing)}", field=missing[0],
                         hint=f"pass the {name} frame from framing.compare")


def _axes(ax: Axes | None, n_rows: int = 0, width: float = FIG_WIDTH,
          height: float | None = None) -> Axes:
    if ax is not None:
        return ax
    h = height if height is not None else max(2.6, BASE_HEIGHT + ROW_HEIGHT * n_rows)
    _, ax = plt.subplots(figsize=(width, h), layout="constrained")
    return ax


def _no_data(ax: Axes, what: str) -> Axes:
    ax.text(0.5, 0.5, f"no data: {what}", ha="center", va="center", transform=ax.transAxes,
            color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _filter(frame: pd.DataFrame, **equal: object) -> pd.DataFrame:
    for col, val in equal.items():
        if val is not None and col in frame.columns:
            frame = frame[frame[col] == val]
    return frame


def _one_target(frame: pd.DataFrame, target: str | None, name: str) -> pd.DataFrame:
    if "target" not in frame.columns:
        return frame
    if target is not None:
        return frame[frame["target"] == target]
    if frame["target"].nunique(dropna=True) > 1:
        raise ParameterError(f"{name} has rows for several targets", field="target",
                             hint="pass target=... to pick one")
    return frame


def _errors(est: np.ndarray, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whisker lengths and a mask of rows with finite limits."""
    ok = np.isfinite(low) & np.isfinite(high) & np.isfinite(est)
    err = np.vstack([np.clip(est - low, 0, None), np.clip(high - est, 0, None)])
    return err, ok


def _dot_whisker(ax: Axes, x, y, low, high, colour, marker, label, horizontal=True):
    x, low, high = (np.asarray(v, dtype=float) for v in (x, low, high))
    y = np.asarray(y, dtype=float)
    err, ok = _errors(x, low, high)
    if ok.any():
        kw = {"xerr": err[:, ok]} if horizontal else {"yerr": err[:, ok]}
        xs, ys = (x[ok], y[ok]) if horizontal else (y[ok], x[ok])
        ax.errorbar(xs, ys, fmt="none", ecolor=colour, elinewidth=1.4, capsize=2.5, **kw)
    xs, ys = (x, y) if horizontal else (y, x)
    ax.plot(xs, ys, linestyle="none", marker=marker, color=colour, markersize=6, label=label,
            zorder=3)  # above labels (2.5) and whiskers (2)


def _outlet_axis(ax: Axes, outlets: Sequence[str]) -> None:
    ax.set_yticks(np.arange(len(outlets)), labels=list(outlets))
    ax.set_ylim(-0.6, len(outlets) - 0.4)
    ax.set_ylabel("outlet")
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


def _dodge(k: int, n: int, span: float = 0.6) -> float:
    """Vertical offset of series ``k`` of ``n`` within an outlet row (first on top)."""
    return 0.0 if n <= 1 else ((n - 1) / 2 - k) * span / (n - 1)


def _separate_rows(ax: Axes, n_rows: int) -> None:
    """Light lines between outlet rows (when each row holds several series)."""
    for i in range(n_rows - 1):
        ax.axhline(i + 0.5, color="#eeeeee", linewidth=0.8, zorder=0)


def plot_rates(rates: pd.DataFrame, *, category: str = "all", voice: str | None = "all",
               target: str | None = None, measure: str = "rate", title: str | None = None,
               ax: Axes | None = None) -> Axes:
    """Loaded-term rate per outlet with 95% CIs, as horizontal dot-and-whisker.

    Parameters
    ----------
    rates : DataFrame
        The ``rates`` frame.
    category : str, default "all"
        Lexicon category (``"all"``: all categories together).
    voice : str or None, default "all"
        ``"all"``, ``"author"`` or ``"quoted"``; None draws every voice in the frame
        side by side (one colour per voice).
    target : str, optional
        With a per-target ``rates`` frame, the target to show.
    measure : {"rate", "share"}, default "rate"
        Rate per 1,000 words, or share of sentences with a loaded term.
    title : str, optional
    ax : Axes, optional

    Returns
    -------
    Axes
        Outlets on the y axis sorted by the estimate (highest at the top).
    """
    if measure not in ("rate", "share"):
        raise ParameterError(f"measure must be 'rate' or 'share', got {measure!r}", field="measure")
    est, lo, hi = (("rate_per_1000", "ci_low", "ci_high") if measure == "rate"
                   else ("share_sentences", "share_ci_low", "share_ci_high"))
    _require(rates, ["outlet", "category", "voice", est, lo, hi], "rates")
    data = _one_target(_filter(rates, category=category, voice=voice), target, "rates")
    voices = list(dict.fromkeys(data["voice"])) if voice is None else [voice]
    ax = _axes(ax, data["outlet"].nunique() * (1 if len(voices) < 3 else 1.5))
    if data.empty:
        return _no_data(ax, f"category {category!r}, voice {voice!r}")
    key_voice = "all" if "all" in voices else voices[0]
    order = (data[data["voice"] == key_voice].set_index("outlet")[est]
             .reindex(data["outlet"].unique()).sort_values(na_position="first"))
    outlets = list(order.index)
    pos = {o: i for i, o in enumerate(outlets)}
    for k, v in enumerate(voices):
        d = data[data["voice"] == v]
        y = d["outlet"].map(pos).to_numpy(dtype=float) + _dodge(k, len(voices), 0.5)
        _dot_whisker(ax, d[est], y, d[lo], d[hi], VOICE_PLOT_COLOURS.get(v, PALETTE[k % 7]),
                     MARKERS[k % len(MARKERS)], f"voice: {v}")
    _outlet_axis(ax, outlets)
    ax.set_xlabel(_UNITS["rate_per_1000" if measure == "rate" else "share_sentences"]
                  + ("" if category == "all" else f" ({category})") + ", 95% CI")
    right = np.nanmax(data[[est, hi]].to_numpy(dtype=float))
    right = right if np.isfinite(right) and right > 0 else 1.0
    ax.set_xlim(-0.02 * right, right * 1.05)  # a zero rate stays fully visible
    if len(voices) > 1:
        _separate_rows(ax, len(outlets))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_category_heatmap(rates: pd.DataFrame, *, voice: str = "all", target: str | None = None,
                          include_all: bool = False, title: str | None = None,
                          ax: Axes | None = None) -> Axes:
    """Rate per 1,000 words of each category (columns) in each outlet (rows), annotated.

    Parameters
    ----------
    rates : DataFrame
        The ``rates`` frame.
    voice : str, default "all"
    target : str, optional
        With a per-target ``rates`` frame, the target to show.
    include_all : bool, default False
        Add the ``"all"`` category as the last column.
    title : str, optional
    ax : Axes, optional

    Returns
    -------
    Axes
        Colour scale ``cividis`` with a colour bar; missing cells are blank.
    """
    _require(rates, ["outlet", "category", "voice", "rate_per_1000"], "rates")
    data = _one_target(_filter(rates, voice=voice), target, "rates")
    if not include_all:
        data = data[data["category"] != "all"]
    table = data.pivot_table(index="outlet", columns="category", values="rate_per_1000",
                             aggfunc="first", dropna=False)
    if include_all and "all" in table.columns:
        table = table[[c for c in table.columns if c != "all"] + ["all"]]
    n_out, n_cat = table.shape
    ax = _axes(ax, height=max(3.2, BASE_HEIGHT + 0.8 + ROW_HEIGHT * n_out),
               width=max(5.0, 2.2 + 0.9 * n_cat))
    if data.empty or table.size == 0:
        return _no_data(ax, f"voice {voice!r}")
    table = table.sort_index()
    values = table.to_numpy(dtype=float)
    coloured = np.ones(n_cat, dtype=bool)
    if include_all and "all" in table.columns:
        coloured[-1] = False  # the total is on another scale: annotated, not coloured
    masked = np.ma.masked_invalid(np.where(coloured[None, :], values, np.nan))
    ax.set_facecolor("#f2f2f2")  # missing cells and the "all" column
    image = ax.imshow(masked, aspect="auto", cmap="cividis", interpolation="nearest")
    cbar = ax.figure.colorbar(image, ax=ax, shrink=0.9)
    cbar.set_label("loaded terms\nper 1,000 words")  # two lines: fits short heatmaps
    fontsize = 8 if n_cat * n_out < 150 else 6.5
    for i in range(n_out):
        for j in range(n_cat):
            v = values[i, j]
            if not np.isfinite(v):
                ax.text(j, i, "–", ha="center", va="center", fontsize=fontsize, color="#777777")
                continue
            colour = "black"
            if coloured[j]:
                r, g, b, _ = image.cmap(image.norm(v))
                # WCAG relative luminance; black text above 0.179 gives the higher contrast
                lum = 0.2126 * r**2.2 + 0.7152 * g**2.2 + 0.0722 * b**2.2
                colour = "black" if lum > 0.179 else "white"
            ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=fontsize, color=colour)
    if not coloured.all():
        ax.axvline(n_cat - 1.5, color="white", linewidth=3)
    ax.set_xticks(np.arange(n_cat), labels=[str(c) for c in table.columns], rotation=35,
                  ha="right", rotation_mode="anchor")
    ax.set_yticks(np.arange(n_out), labels=[str(o) for o in table.index])
    ax.set_xlabel("category")
    ax.set_ylabel("outlet")
    if title:
        ax.set_title(title)
    return ax


def _pack(centres: list[float], heights: list[float], lo: float, hi: float,
          gap: float) -> list[float]:
    """1-D packing: centres (ascending) moved as little as possible so that boxes of
    ``heights`` do not overlap and stay within ``[lo, hi]`` (compressed if too many)."""
    y = list(centres)
    for i in range(1, len(y)):  # push up
        y[i] = max(y[i], y[i - 1] + (heights[i - 1] + heights[i]) / 2 + gap)
    if y and y[-1] + heights[-1] / 2 > hi:  # too high: push down from the top
        y[-1] = hi - heights[-1] / 2
        for i in range(len(y) - 2, -1, -1):
            y[i] = min(y[i], y[i + 1] - (heights[i] + heights[i + 1]) / 2 - gap)
    if y and y[0] - heights[0] / 2 < lo:  # no room: spread evenly over the axes
        step = (hi - lo) / len(y)
        y = [lo + step * (i + 0.5) for i in range(len(y))]
    return y


def _spread_labels(ax: Axes, texts: list, gap_px: float = 1.5) -> None:
    """Move text artists vertically so that their boxes do not overlap, inside the axes.

    Labels whose horizontal extents overlap form a column; each column is packed
    with :func:`_pack`.  Only y changes, so columns stay independent.
    """
    if not texts:
        return
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    frame = ax.get_window_extent(renderer)
    order = sorted(range(len(texts)), key=lambda i: boxes[i].x0)
    columns: list[list[int]] = []
    right = -np.inf
    for i in order:
        if boxes[i].x0 > right:
            columns.append([])
            right = boxes[i].x1
        columns[-1].append(i)
        right = max(right, boxes[i].x1)
    to_px, from_px = ax.transData, ax.transData.inverted()
    for col in columns:
        col.sort(key=lambda i: (boxes[i].y0 + boxes[i].y1) / 2)
        centres = [(boxes[i].y0 + boxes[i].y1) / 2 for i in col]
        heights = [boxes[i].height for i in col]
        new = _pack(centres, heights, frame.y0 + 2, frame.y1 - 2, gap_px)
        for i, c_old, c_new in zip(col, centres, new, strict=True):
            x, y = to_px.transform(texts[i].get_position())
            texts[i].set_position(from_px.transform((x, y + (c_new - c_old))))


def _label_points(ax: Axes, xs, ys, labels, colours=None) -> list:
    """Label points with offset text, spread to avoid overlaps, with leader lines."""
    texts = []
    for k, (x, y, lab) in enumerate(zip(xs, ys, labels, strict=True)):
        c = "#222222" if colours is None else colours[k]
        px, py = ax.transData.transform((x, y))
        tx, ty = ax.transData.inverted().transform((px + 6, py))
        texts.append(ax.text(tx, ty, str(lab), fontsize=8, va="center", ha="left", color=c, zorder=2.5,
                             bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                                   "alpha": 0.75}))
    _spread_labels(ax, texts)
    for t, x, y in zip(texts, xs, ys, strict=True):
        tx, ty = t.get_position()
        px, py = ax.transData.transform((x, y))
        qx, qy = ax.transData.transform((tx, ty))
        if abs(qy - py) > 4:
            ax.plot([x, tx], [y, ty], color="#999999", linewidth=0.6, zorder=1)
    return texts


def plot_distinctive(distinctive: pd.DataFrame, *, outlet: str, reference: str | None = None,
                     n_label: int = 10, title: str | None = None,
                     ax: Axes | None = None) -> Axes:
    """Distinctive loaded terms of one outlet: z-score against term frequency.

    Parameters
    ----------
    distinctive : DataFrame
        The ``distinctive`` frame (Monroe et al. 2008 log-odds z-scores).
    outlet : str
        The outlet to show.
    reference : str, optional
        The reference (``"rest"`` or an outlet) when the frame has several for ``outlet``.
    n_label : int, default 10
        Label this many terms with the largest ``|z|``.
    title : str, optional
    ax : Axes, optional

    Returns
    -------
    Axes
        x: occurrences in the outlet plus reference (log scale); y: z; dashed lines
        at +-1.96.  Terms above are used more by ``outlet`` (vermillion), below more
        by the reference (blue), grey in between.
    """
    _require(distinctive, ["outlet", "reference", "term", "count", "count_reference", "z"],
             "distinctive")
    data = distinctive[distinctive["outlet"] == outlet]
    if reference is not None:
        data = data[data["reference"] == reference]
    elif data["reference"].nunique() > 1:
        raise ParameterError(f"outlet {outlet!r} has several references", field="reference",
                             hint=f"pass one of {', '.join(map(str, data['reference'].unique()))}")
    total = data["count"].astype(float) + data["count_reference"].astype(float)
    data = data.assign(_total=total)[(total > 0) & np.isfinite(data["z"].astype(float))]
    ax = _axes(ax, height=4.8)
    if data.empty:
        return _no_data(ax, f"distinctive terms of {outlet!r}")
    ref = str(data["reference"].iloc[0])
    z = data["z"].to_numpy(dtype=float)
    colours = np.where(z >= Z_CRIT, PALETTE[1], np.where(z <= -Z_CRIT, PALETTE[0], "#AAAAAA"))
    ax.scatter(data["_total"], z, c=list(colours), s=22, alpha=0.85, edgecolors="none")
    ax.set_xscale("log")
    for zc in (Z_CRIT, -Z_CRIT):
        ax.axhline(zc, color="#777777", linestyle="--", linewidth=0.8)
        ax.annotate(f"z = {zc:+.2f}", xy=(1.0, zc), xycoords=("axes fraction", "data"),
                    xytext=(-2, 2), textcoords="offset points", ha="right", va="bottom",
                    fontsize=7, color="#777777")
    ax.axhline(0, color="#bbbbbb", linewidth=0.6)
    ax.set_xlabel(f"occurrences in {outlet} and {ref} (log scale)")
    ax.set_ylabel("z-score of log-odds ratio")
    lim = max(np.abs(z).max() * 1.15, Z_CRIT * 1.3)
    ax.set_ylim(-lim, lim)
    x = data["_total"].to_numpy(dtype=float)
    ax.set_xlim(x.min() / 1.6, x.max() * 4)  # room on the right for labels
    ax.text(0.01, 0.99, f"more in {outlet}", transform=ax.transAxes, va="top", fontsize=8,
            color=PALETTE[1])
    ax.text(0.01, 0.01, f"more in {ref}", transform=ax.transAxes, va="bottom", fontsize=8,
            color=PALETTE[0])
    top = np.argsort(-np.abs(z))[: max(int(n_label), 0)]
    if len(top):
        ax.figure.canvas.draw_idle()
        _label_points(ax, x[top], z[top], data["term"].to_numpy()[top],
                      [colours[i] if colours[i] != "#AAAAAA" else "#444444" for i in top])
    ax.set_title(title if title else f"Distinctive loaded terms: {outlet} vs {ref}", fontsize=10)
    return ax


def _target_colours(targets: Sequence[str]) -> dict[str, tuple[str, str]]:
    return {t: (PALETTE[k % len(PALETTE)], MARKERS[k % len(MARKERS)]) for k, t in enumerate(targets)}


def plot_stance(stance_summary: pd.DataFrame, *, voice: str = "all",
                targets: Sequence[str] | None = None, title: str | None = None,
                ax: Axes | None = None) -> Axes:
    """Mean stance toward each target by outlet, with 95% CIs (grouped dot-and-whisker).

    Parameters
    ----------
    stance_summary : DataFrame
        The ``stance_summary`` frame.
    voice : str, default "all"
    targets : sequence of str, optional
        Targets to show, in this order (default: all, sorted).
    title : str, optional
    ax : Axes, optional

    Returns
    -------
    Axes
        Outlets on y, mean stance on x (-1 against .. +1 favour) with a zero line;
        one colour and marker per target.
    """
    _require(stance_summary, ["outlet", "target", "voice", "mean_score", "ci_low", "ci_high"],
             "stance_summary")
    data = _filter(stance_summary, voice=voice)
    if targets is not None:
        data = data[data["target"].isin(list(targets))]
    data = data[np.isfinite(data["mean_score"].astype(float))]
    tlist = list(targets) if targets is not None else sorted(data["target"].unique())
    tlist = [t for t in tlist if t in set(data["target"])]
    n_out = data["outlet"].nunique()
    ax = _axes(ax, n_out * (1 if len(tlist) < 3 else 1 + 0.25 * len(tlist)))
    if data.empty:
        return _no_data(ax, f"stance, voice {voice!r}")
    order = data.groupby("outlet")["mean_score"].mean().sort_values()
    outlets = list(order.index)
    pos = {o: i for i, o in enumerate(outlets)}
    style = _target_colours(tlist)
    for k, t in enumerate(tlist):
        d = data[data["target"] == t]
        y = d["outlet"].map(pos).to_numpy(dtype=float) + _dodge(k, len(tlist))
        colour, marker = style[t]
        _dot_whisker(ax, d["mean_score"], y, d["ci_low"], d["ci_high"], colour, marker, str(t))
    ax.axvline(0, color="#444444", linewidth=0.9)
    _outlet_axis(ax, outlets)
    if len(tlist) > 1:
        _separate_rows(ax, len(outlets))
    lows = data[["ci_low", "mean_score"]].astype(float).min(axis=1)
    highs = data[["ci_high", "mean_score"]].astype(float).max(axis=1)
    span = max(abs(np.nanmin(lows)), abs(np.nanmax(highs)), 0.05) * 1.15
    ax.set_xlim(-min(span, 1.05), min(span, 1.05))
    ax.set_xlabel("mean stance score (-1 against, +1 favour), 95% CI")
    ax.annotate("← against", xy=(0.0, 1.0), xycoords="axes fraction", xytext=(2, 3),
                textcoords="offset points", ha="left", va="bottom", fontsize=8, color="#444444")
    ax.annotate("favour →", xy=(1.0, 1.0), xycoords="axes fraction", xytext=(-2, 3),
                textcoords="offset points", ha="right", va="bottom", fontsize=8, color="#444444")
    if len(tlist) > 1:
        ax.legend(title="target", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
                  frameon=False)
    if title:
        ax.set_title(title, pad=14)
    return ax


def _metric_label(metric: str) -> str:
    if metric.startswith("stance:"):
        return f"mean stance toward {metric.split(':', 1)[1]} (-1..+1)"
    if metric.startswith("coverage:"):
        return f"share of sentences mentioning {metric.split(':', 1)[1]}"
    return _UNITS.get(metric, metric)


def _series(timeseries: pd.DataFrame, metric: str, outlets: Sequence[str] | None):
    _require(timeseries, ["period", "outlet", "metric", "value", "ci_low", "ci_high"], "timeseries")
    data = timeseries[timeseries["metric"] == metric]
    if outlets is not None:
        data = data[data["outlet"].isin(list(outlets))]
    names = sorted(data["outlet"].unique()) if outlets is None else [
        o for o in outlets if o in set(data["outlet"])]
    return data, names


def _time_axis(ax: Axes, data: pd.DataFrame, metric: str, ylabel: bool = True,
               maxticks: int = 8) -> None:
    if metric.startswith("stance:"):
        ax.axhline(0, color="#444444", linewidth=0.8)
    freq = data["freq"].iloc[0] if "freq" in data.columns and len(data) else None
    ax.set_xlabel({"W": "week", "M": "month"}.get(str(freq), "period"))
    if ylabel:
        ax.set_ylabel(_metric_label(metric))
    ax.grid(color="#e5e5e5", linewidth=0.7)
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
        more bands overlap into an unreadable mass).
    title : str, optional
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    data, names = _series(timeseries, metric, outlets)
    ax = _axes(ax, height=3.6 + 0.12 * max(len(names) - 8, 0), width=FIG_WIDTH + 1.6)
    if data.empty:
        return _no_data(ax, f"metric {metric!r}")
    if bands is None:
        bands = len(names) <= MAX_BANDED
    monthly = "freq" not in data.columns or str(data["freq"].iloc[0]) == "M"
    half = pd.Timedelta(days=20 if monthly else 5)
    single = pd.to_datetime(data["period"]).nunique() == 1
    for k, o in enumerate(names):
        d = data[data["outlet"] == o].sort_values("period")
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
    _time_axis(ax, data, metric)
    if single:  # centre the one period instead of a span of years
        start = pd.to_datetime(data["period"]).iloc[0]
        ax.set_xlim(start - 1.1 * half, start + 1.1 * half)
        ax.set_xticks([mdates.date2num(start)],
                      labels=[start.strftime("%Y-%m" if monthly else "week of %Y-%m-%d")])
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
    width, height = 2.6 * ncols + 0.9, 1.9 * nrows + 1.0
    if fig is None:
        # fixed margins (inches) instead of constrained layout, which is slow with many panels
        fig = plt.figure(figsize=(width, height))
    if data.empty:
        _no_data(fig.add_subplot(1, 1, 1), f"metric {metric!r}")
        return fig
    w, h = fig.get_size_inches()
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False, gridspec_kw={
        "left": 0.75 / w, "right": 1 - 0.15 / w, "bottom": 0.55 / h,
        "top": 1 - (0.75 if title else 0.35) / h, "hspace": 0.55, "wspace": 0.12})
    series = {o: data[data["outlet"] == o].sort_values("period") for o in names}
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


def plot_coverage_vs_framing(stance_summary: pd.DataFrame, *, target: str | None = None,
                             voice: str = "all", title: str | None = None,
                             ax: Axes | None = None) -> Axes:
    """How much each outlet covers a target (x) against how it frames it (y).

    Parameters
    ----------
    stance_summary : DataFrame
        The ``stance_summary`` frame.
    target : str, optional
        One target (default: every target, one colour each).
    voice : str, default "all"
    title : str, optional
    ax : Axes, optional

    Returns
    -------
    Axes
        One labelled point per outlet x target: coverage (percent of the outlet's
        sentences that mention the target) on x, mean stance with 95% CI on y.
    """
    _require(stance_summary, ["outlet", "target", "voice", "coverage", "mean_score", "ci_low",
                              "ci_high"], "stance_summary")
    data = _filter(stance_summary, voice=voice, target=target)
    data = data[np.isfinite(data["mean_score"].astype(float))
                & np.isfinite(data["coverage"].astype(float))]
    ax = _axes(ax, height=5.2, width=FIG_WIDTH + 0.8)
    if data.empty:
        return _no_data(ax, f"stance toward {target!r}" if target else "stance")
    tlist = sorted(data["target"].unique())
    style = _target_colours(tlist)
    xs, ys, labels, cols = [], [], [], []
    for t in tlist:
        d = data[data["target"] == t]
        colour, marker = style[t]
        x = d["coverage"].to_numpy(dtype=float) * 100
        _dot_whisker(ax, d["mean_score"], x, d["ci_low"], d["ci_high"], colour, marker, str(t),
                     horizontal=False)
        xs.extend(x)
        ys.extend(d["mean_score"].astype(float))
        labels.extend(d["outlet"].astype(str))
        cols.extend([colour] * len(d))
    ax.axhline(0, color="#444444", linewidth=0.9)
    ax.set_xlabel(f"coverage: % of the outlet's sentences mentioning {target or 'the target'}")
    ax.set_ylabel("mean stance score (-1 against, +1 favour), 95% CI")
    xmax = max(xs) if xs else 1
    ax.set_xlim(0, xmax * 1.3 + 1e-9)
    lows = data[["ci_low", "mean_score"]].astype(float).min(axis=1).min()
    highs = data[["ci_high", "mean_score"]].astype(float).max(axis=1).max()
    pad = max(highs - lows, 0.1) * 0.12
    ax.set_ylim(min(lows, 0) - pad, max(highs, 0) + pad)
    ax.grid(color="#e5e5e5", linewidth=0.7)
    ax.set_axisbelow(True)
    ax.figure.canvas.draw_idle()
    _label_points(ax, xs, ys, labels, cols)
    if len(tlist) > 1:
        ax.legend(title="target", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
                  frameon=False)
    if title:
        ax.set_title(title)
    return ax
