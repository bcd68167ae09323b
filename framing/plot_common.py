"""Shared parts of the figures: palette, sizes, frame checks, dot-and-whisker rows, point labels.

Used by :mod:`framing.plot_outlets` and :mod:`framing.plot_time`; the figures
themselves are documented in :mod:`framing.plot`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from framing.display import OKABE_ITO
from framing.docset import require_columns
from framing.errors import ParameterError, closest_name, did_you_mean
from framing.resample import MIN_DOCS_FOR_CI

__all__ = [
    "PALETTE", "MARKERS", "LINESTYLES", "VOICE_PLOT_COLOURS", "ROW_HEIGHT", "BASE_HEIGHT",
    "FIG_WIDTH", "UNITS", "require_frame", "require_values", "new_axes", "no_data", "filter_rows",
    "one_target",
    "dot_whisker", "outlet_axis", "dodge", "separate_rows", "label_points", "target_styles",
    "NO_INTERVAL_COLOUR", "no_interval_entry", "lacks_interval", "ci_level",
]

#: Series colours in order (Okabe-Ito without yellow, which is unreadable as a
#: line or dot on white, and with black last).
PALETTE = [OKABE_ITO[k] for k in
           ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "black")]
#: Marker shapes cycled with the colours, so more than seven series stay distinct.
MARKERS = ["o", "s", "D", "^", "v", "P", "X"]
#: Line styles cycled after the colours in time series.
LINESTYLES = ["-", "--", ":", "-."]
#: Colours of the voice filters.
VOICE_PLOT_COLOURS = {"all": OKABE_ITO["black"], "author": OKABE_ITO["vermillion"],
                      "quoted": OKABE_ITO["blue"], "scare_quote": OKABE_ITO["reddish_purple"]}
#: Inches per outlet row and fixed margins of figures with one row per outlet.
ROW_HEIGHT = 0.32
BASE_HEIGHT = 1.4
FIG_WIDTH = 7.0

#: Colour of the legend entry that explains a point drawn without its interval.
NO_INTERVAL_COLOUR = "#999999"

#: Axis labels of the statistics' measures.
UNITS = {"rate_per_1000": "loaded terms per 1,000 words",
         "share_sentences": "share of sentences with a loaded term"}


def require_frame(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    """Raise :class:`InputError` unless ``frame`` is a statistics frame with ``columns``."""
    require_columns(frame, columns, name, hint=f"pass the {name} frame from framing.compare")


def _closest(value: str, names: Sequence[str]) -> str | None:
    """The name most like ``value`` (difflib), else the first that contains it ("threat" ->
    "threat_escalation"), else None."""
    close = closest_name(value, names)
    if close:
        return close
    return next((n for n in names if value.lower() in n.lower()), None) if value else None


def require_values(frame: pd.DataFrame, column: str, values: object, name: str, *,
                   field: str | None = None, note: str = "") -> None:
    """Raise :class:`ParameterError` when a filter value (or each of a list) has no row in ``frame``.

    A filter that matches nothing in a frame that has rows is a mistyped or
    unknown name (a category the lexicon does not have), not an empty result:
    the error lists the values the frame has, with the closest one.  Nothing is
    checked when ``values`` is None, the frame is empty (drawn as "no data") or
    has no ``column``.

    Parameters
    ----------
    frame : DataFrame
        The statistics frame, before filtering.
    column : str
        The column the filter compares (``"category"``, ``"voice"``, ``"target"``).
    values : str, sequence of str or None
        The value(s) asked for.
    name : str
        The frame's name in the message (``"rates"``).
    field : str, optional
        The parameter named in the error (default ``column``).
    note : str, optional
        Added to the hint (why a valid value may have no row).
    """
    if values is None or frame.empty or column not in frame.columns:
        return
    wanted = [values] if isinstance(values, str) or not isinstance(values, Sequence) else list(values)
    present = set(frame[column].dropna())
    for value in wanted:
        if value in present:
            continue
        names = sorted(str(v) for v in present)
        mean = did_you_mean(_closest(str(value), names))
        raise ParameterError(
            f"{column} {value!r} has no row in the {name} frame{mean}", field=field or column,
            hint=f"{column} values in this frame: {', '.join(names)}" + (f"; {note}" if note else ""))


def new_axes(ax: Axes | None, n_rows: int = 0, width: float = FIG_WIDTH,
             height: float | None = None) -> Axes:
    """``ax``, or the Axes of a new figure sized for ``n_rows`` outlet rows (or ``height``)."""
    if ax is not None:
        return ax
    h = height if height is not None else max(2.6, BASE_HEIGHT + ROW_HEIGHT * n_rows)
    _, ax = plt.subplots(figsize=(width, h), layout="constrained")
    return ax


def no_data(ax: Axes, what: str) -> Axes:
    """Write "no data: <what>" in the middle of ``ax`` and return it."""
    ax.text(0.5, 0.5, f"no data: {what}", ha="center", va="center", transform=ax.transAxes,
            color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def filter_rows(frame: pd.DataFrame, **equal: object) -> pd.DataFrame:
    """Rows where each given column equals its value (``None`` values and absent columns: no filter)."""
    for col, val in equal.items():
        if val is not None and col in frame.columns:
            frame = frame[frame[col] == val]
    return frame


def one_target(frame: pd.DataFrame, target: str | None, name: str) -> pd.DataFrame:
    """The rows of ``target``; :class:`ParameterError` if it is needed (several targets) but not given."""
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


def dot_whisker(ax: Axes, x, y, low, high, colour, marker, label, horizontal=True):
    """Dots at ``x`` (estimates) and ``y`` (positions) with whiskers where both limits are finite."""
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


def outlet_axis(ax: Axes, outlets: Sequence[str]) -> None:
    """One labelled y row per outlet, with a light vertical grid."""
    ax.set_yticks(np.arange(len(outlets)), labels=list(outlets))
    ax.set_ylim(-0.6, len(outlets) - 0.4)
    ax.set_ylabel("outlet")
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


def dodge(k: int, n: int, span: float = 0.6) -> float:
    """Vertical offset of series ``k`` of ``n`` within an outlet row (first on top)."""
    return 0.0 if n <= 1 else ((n - 1) / 2 - k) * span / (n - 1)


def separate_rows(ax: Axes, n_rows: int) -> None:
    """Light lines between outlet rows (when each row holds several series)."""
    for i in range(n_rows - 1):
        ax.axhline(i + 0.5, color="#eeeeee", linewidth=0.8, zorder=0)


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


def label_points(ax: Axes, xs, ys, labels, colours=None) -> list:
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


def target_styles(targets: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Target -> (colour, marker), in the order given."""
    return {t: (PALETTE[k % len(PALETTE)], MARKERS[k % len(MARKERS)]) for k, t in enumerate(targets)}


def min_docs_for_ci(frame: pd.DataFrame) -> int:
    """The contributing documents an interval needed when ``frame`` was computed
    (``attrs["min_docs_for_ci"]``), else :data:`MIN_DOCS_FOR_CI`."""
    return frame.attrs.get("min_docs_for_ci", MIN_DOCS_FOR_CI)


def ci_level(frame: pd.DataFrame) -> str:
    """The interval level a statistics frame records in ``attrs["ci"]``, as ``"95%"``.

    ``""`` when the frame records none: ``pd.concat`` keeps ``attrs`` only when
    every input has the same, so the concatenation of frames computed at different
    levels (or with other differing attrs) has lost its level, and a figure must not
    claim the default one."""
    level = frame.attrs.get("ci")
    try:
        return f"{float(level) * 100:.3g}%" if level is not None else ""
    except (TypeError, ValueError):
        return ""


def lacks_interval(frame: pd.DataFrame, estimate: str, min_docs: int) -> np.ndarray:
    """Rows drawn as a point (finite estimate) without an interval (a limit is NaN)
    because fewer than ``min_docs`` documents contribute (``n_docs``, where the
    frame has that column)."""
    est = frame[estimate].to_numpy(dtype=float)
    lo, hi = (frame[c].to_numpy(dtype=float) for c in ("ci_low", "ci_high"))
    lacking = np.isfinite(est) & ~(np.isfinite(lo) & np.isfinite(hi))
    if "n_docs" in frame.columns:
        lacking &= frame["n_docs"].to_numpy(dtype=float) < min_docs
    return lacking


def no_interval_entry(ax: Axes, text: str, *, marker: str = "o") -> None:
    """A grey legend entry (drawn nowhere) saying why some points have no whiskers or band.

    The interval rule (:func:`framing.resample.has_interval`) leaves cells with
    fewer than 5 contributing documents without an interval; a figure that
    shows such a point says so in its legend instead of leaving the reader to
    guess."""
    ax.plot([], [], linestyle="none", marker=marker, markersize=5, color=NO_INTERVAL_COLOUR,
            label=text)
