"""Figures that compare outlets side by side: rates, category heatmap, distinctive terms, stance.

See :mod:`framing.plot` for the conventions shared by every figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from framing.errors import ParameterError
from framing.plot_common import (
    BASE_HEIGHT,
    FIG_WIDTH,
    MARKERS,
    PALETTE,
    ROW_HEIGHT,
    UNITS,
    VOICE_PLOT_COLOURS,
    ci_level,
    dodge,
    dot_whisker,
    filter_rows,
    label_points,
    lacks_interval,
    min_docs_for_ci,
    new_axes,
    no_data,
    no_interval_entry,
    one_target,
    outlet_axis,
    require_frame,
    require_values,
    separate_rows,
    target_styles,
)

__all__ = ["Z_CRIT", "plot_rates", "plot_category_heatmap", "plot_distinctive", "plot_stance",
           "plot_coverage_vs_framing"]

#: z-score beyond which a term counts as distinctive (two-sided 5%, unadjusted).
Z_CRIT = 1.96


def plot_rates(rates: pd.DataFrame, *, category: str = "all", voice: str | None = "all",
               target: str | None = None, measure: str = "rate", title: str | None = None,
               ax: Axes | None = None) -> Axes:
    """Loaded-term rate per outlet with CIs, as horizontal dot-and-whisker.

    The axis names the interval level recorded in ``rates.attrs["ci"]`` (just
    "CI" when the frame records none, as after ``pd.concat`` of frames whose
    attrs differ).

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
        Outlets on the y axis sorted by the estimate (highest at the top).  A
        row with fewer contributing documents than an interval needs
        (``n_docs`` below ``rates.attrs["min_docs_for_ci"]``, 5) has a dot
        without whiskers and the outlet's label says so: "Daily (3 docs: no
        interval)" when none of its drawn rows has one, "Daily (quoted: 2 docs,
        no interval)" when only some voices lack one (an outlet whose quotations
        are in 2 of its articles).  An empty ``rates`` frame gives a "no data"
        axes.

    Raises
    ------
    ParameterError
        When ``rates`` has rows but none for ``category``, ``voice`` or
        ``target`` (a typo, or a category with no hit in the corpus): the
        message names the closest value and the hint lists the frame's values.
    """
    if measure not in ("rate", "share"):
        raise ParameterError(f"measure must be 'rate' or 'share', got {measure!r}", field="measure")
    est, lo, hi = (("rate_per_1000", "ci_low", "ci_high") if measure == "rate"
                   else ("share_sentences", "share_ci_low", "share_ci_high"))
    require_frame(rates, ["outlet", "category", "voice", est, lo, hi], "rates")
    _require_rate_filters(rates, category=category, voice=voice, target=target)
    data = one_target(filter_rows(rates, category=category, voice=voice), target, "rates")
    voices = list(dict.fromkeys(data["voice"])) if voice is None else [voice]
    ax = new_axes(ax, data["outlet"].nunique() * (1 if len(voices) < 3 else 1.5))
    if data.empty:
        return no_data(ax, f"category {category!r}, voice {voice!r}")
    key_voice = "all" if "all" in voices else voices[0]
    order = (data[data["voice"] == key_voice].set_index("outlet")[est]
             .reindex(data["outlet"].unique()).sort_values(na_position="first"))
    outlets = list(order.index)
    pos = {o: i for i, o in enumerate(outlets)}
    for k, v in enumerate(voices):
        d = data[data["voice"] == v]
        y = d["outlet"].map(pos).to_numpy(dtype=float) + dodge(k, len(voices), 0.5)
        dot_whisker(ax, d[est], y, d[lo], d[hi], VOICE_PLOT_COLOURS.get(v, PALETTE[k % 7]),
                     MARKERS[k % len(MARKERS)], f"voice: {v}")
    outlet_axis(ax, _flag_small(outlets, data, min_docs_for_ci(rates)))
    ax.set_xlabel(UNITS["rate_per_1000" if measure == "rate" else "share_sentences"]
                  + ("" if category == "all" else f" ({category})") + f", {ci_label(rates)}")
    right = np.nanmax(data[[est, hi]].to_numpy(dtype=float))
    right = right if np.isfinite(right) and right > 0 else 1.0
    ax.set_xlim(-0.02 * right, right * 1.05)  # a zero rate stays fully visible
    if len(voices) > 1:
        separate_rows(ax, len(outlets))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    if title:
        ax.set_title(title)
    return ax


#: Why a real voice, category or target can have no row (hints of the filter errors).
_RATE_VOICE_NOTE = "loaded_rates(voice=...) chooses the voices computed"
_RATE_CATEGORY_NOTE = "a lexicon category without any hit in the corpus has no rows"
_RATE_TARGET_NOTE = "a target without any mention in the corpus has no rows"
_STANCE_VOICE_NOTE = "stance_summary(voice=...) chooses the voices computed"
_STANCE_TARGET_NOTE = ("a target never mentioned has rows only when listed in "
                       "stance_summary(targets=...)")


def _require_rate_filters(rates: pd.DataFrame, *, category: str | None = None,
                          voice: str | None = None, target: str | None = None) -> None:
    """:class:`ParameterError` for a category, voice or target with no row in a non-empty
    ``rates`` frame (a typo such as ``category="threat"``), naming the values it has."""
    require_values(rates, "category", category, "rates", note=_RATE_CATEGORY_NOTE)
    require_values(rates, "voice", voice, "rates", note=_RATE_VOICE_NOTE)
    require_values(rates, "target", target, "rates", note=_RATE_TARGET_NOTE)


def ci_label(frame: pd.DataFrame) -> str:
    """``"95% CI"``, from the level a statistics frame records in ``attrs["ci"]``;
    ``"CI"`` when it records none (``pd.concat`` drops attrs that differ between
    its inputs: set ``frame.attrs["ci"]`` on the concatenation)."""
    level = ci_level(frame)
    return f"{level} CI" if level else "CI"


def _flag_small(outlets: list[str], data: pd.DataFrame, min_docs: int) -> list[str]:
    """Outlet labels, flagged where drawn rows have too few documents for an interval:
    "(3 docs: no interval)" when every row of the outlet lacks one, else the voices
    that do, "(quoted: 2 docs, no interval)"."""
    if "n_docs" not in data.columns:
        return list(outlets)
    labels = []
    for o in outlets:
        rows = data[data["outlet"] == o]
        small = rows[rows["n_docs"].astype(float) < min_docs]
        if small.empty:
            labels.append(str(o))
        elif len(small) == len(rows):
            n = int(rows["n_docs"].max())
            labels.append(f"{o} ({n} doc{'s' * (n != 1)}: no interval)")
        else:
            parts = [f"{v}: {int(n)} doc{'s' * (int(n) != 1)}"
                     for v, n in small.groupby("voice", sort=False)["n_docs"].max().items()]
            labels.append(f"{o} ({'; '.join(parts)}, no interval)")
    return labels


def _explain_missing(ax: Axes, frame: pd.DataFrame, data: pd.DataFrame) -> bool:
    """Add the legend entry for stance points without whiskers; whether there are any."""
    min_docs = min_docs_for_ci(frame)
    if not lacks_interval(data, "mean_score", min_docs).any():
        return False
    no_interval_entry(ax, f"no whiskers: fewer than {min_docs}\narticles mention the target")
    return True


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
    require_frame(rates, ["outlet", "category", "voice", "rate_per_1000"], "rates")
    _require_rate_filters(rates, voice=voice, target=target)
    data = one_target(filter_rows(rates, voice=voice), target, "rates")
    if not include_all:
        data = data[data["category"] != "all"]
    table = data.pivot_table(index="outlet", columns="category", values="rate_per_1000",
                             aggfunc="first", dropna=False)
    if include_all and "all" in table.columns:
        table = table[[c for c in table.columns if c != "all"] + ["all"]]
    n_out, n_cat = table.shape
    ax = new_axes(ax, height=max(3.2, BASE_HEIGHT + 0.8 + ROW_HEIGHT * n_out),
               width=max(5.0, 2.2 + 0.9 * n_cat))
    if data.empty or table.size == 0:
        return no_data(ax, f"voice {voice!r}")
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
    require_frame(distinctive, ["outlet", "reference", "term", "count", "count_reference", "z"],
             "distinctive")
    data = distinctive[distinctive["outlet"] == outlet]
    if reference is not None:
        data = data[data["reference"] == reference]
    elif data["reference"].nunique() > 1:
        raise ParameterError(f"outlet {outlet!r} has several references", field="reference",
                             hint=f"pass one of {', '.join(map(str, data['reference'].unique()))}")
    total = data["count"].astype(float) + data["count_reference"].astype(float)
    data = data.assign(_total=total)[(total > 0) & np.isfinite(data["z"].astype(float))]
    ax = new_axes(ax, height=4.8)
    if data.empty:
        return no_data(ax, f"distinctive terms of {outlet!r}")
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
        label_points(ax, x[top], z[top], data["term"].to_numpy()[top],
                      [colours[i] if colours[i] != "#AAAAAA" else "#444444" for i in top])
    ax.set_title(title if title else f"Distinctive loaded terms: {outlet} vs {ref}", fontsize=10)
    return ax


def plot_stance(stance_summary: pd.DataFrame, *, voice: str = "all",
                targets: Sequence[str] | None = None, title: str | None = None,
                ax: Axes | None = None) -> Axes:
    """Mean stance toward each target by outlet, with CIs (grouped dot-and-whisker).

    The axis names the level recorded in ``stance_summary.attrs["ci"]`` (95% by
    default; just "CI" when the frame records none).

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
        one colour and marker per target.  A point whose interval is missing
        (fewer than 5 documents with a scored mention, ``n_docs``) has no
        whiskers, and a grey legend entry says why.
    """
    require_frame(stance_summary, ["outlet", "target", "voice", "mean_score", "ci_low", "ci_high"],
             "stance_summary")
    require_values(stance_summary, "voice", voice, "stance_summary", note=_STANCE_VOICE_NOTE)
    require_values(stance_summary, "target", targets, "stance_summary", field="targets",
                   note=_STANCE_TARGET_NOTE)
    data = filter_rows(stance_summary, voice=voice)
    if targets is not None:
        data = data[data["target"].isin(list(targets))]
    data = data[np.isfinite(data["mean_score"].astype(float))]
    tlist = list(targets) if targets is not None else sorted(data["target"].unique())
    tlist = [t for t in tlist if t in set(data["target"])]
    n_out = data["outlet"].nunique()
    ax = new_axes(ax, n_out * (1 if len(tlist) < 3 else 1 + 0.25 * len(tlist)))
    if data.empty:
        return no_data(ax, f"stance, voice {voice!r}")
    order = data.groupby("outlet")["mean_score"].mean().sort_values()
    outlets = list(order.index)
    pos = {o: i for i, o in enumerate(outlets)}
    style = target_styles(tlist)
    for k, t in enumerate(tlist):
        d = data[data["target"] == t]
        y = d["outlet"].map(pos).to_numpy(dtype=float) + dodge(k, len(tlist))
        colour, marker = style[t]
        dot_whisker(ax, d["mean_score"], y, d["ci_low"], d["ci_high"], colour, marker, str(t))
    missing = _explain_missing(ax, stance_summary, data)
    ax.axvline(0, color="#444444", linewidth=0.9)
    outlet_axis(ax, outlets)
    if len(tlist) > 1:
        separate_rows(ax, len(outlets))
    lows = data[["ci_low", "mean_score"]].astype(float).min(axis=1)
    highs = data[["ci_high", "mean_score"]].astype(float).max(axis=1)
    span = max(abs(np.nanmin(lows)), abs(np.nanmax(highs)), 0.05) * 1.15
    ax.set_xlim(-min(span, 1.05), min(span, 1.05))
    ax.set_xlabel(f"mean stance score (-1 against, +1 favour), {ci_label(stance_summary)}")
    ax.annotate("← against", xy=(0.0, 1.0), xycoords="axes fraction", xytext=(2, 3),
                textcoords="offset points", ha="left", va="bottom", fontsize=8, color="#444444")
    ax.annotate("favour →", xy=(1.0, 1.0), xycoords="axes fraction", xytext=(-2, 3),
                textcoords="offset points", ha="right", va="bottom", fontsize=8, color="#444444")
    if len(tlist) > 1 or missing:
        ax.legend(title="target", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
                  frameon=False)
    if title:
        ax.set_title(title, pad=14)
    return ax


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
        sentences that mention the target) on x, mean stance with its CI on y; a
        point without an interval has no whiskers and a grey legend entry says why.
    """
    require_frame(stance_summary, ["outlet", "target", "voice", "coverage", "mean_score", "ci_low",
                              "ci_high"], "stance_summary")
    require_values(stance_summary, "voice", voice, "stance_summary", note=_STANCE_VOICE_NOTE)
    require_values(stance_summary, "target", target, "stance_summary", note=_STANCE_TARGET_NOTE)
    data = filter_rows(stance_summary, voice=voice, target=target)
    data = data[np.isfinite(data["mean_score"].astype(float))
                & np.isfinite(data["coverage"].astype(float))]
    ax = new_axes(ax, height=5.2, width=FIG_WIDTH + 0.8)
    if data.empty:
        return no_data(ax, f"stance toward {target!r}" if target else "stance")
    tlist = sorted(data["target"].unique())
    style = target_styles(tlist)
    xs, ys, labels, cols = [], [], [], []
    for t in tlist:
        d = data[data["target"] == t]
        colour, marker = style[t]
        x = d["coverage"].to_numpy(dtype=float) * 100
        dot_whisker(ax, d["mean_score"], x, d["ci_low"], d["ci_high"], colour, marker, str(t),
                     horizontal=False)
        xs.extend(x)
        ys.extend(d["mean_score"].astype(float))
        labels.extend(d["outlet"].astype(str))
        cols.extend([colour] * len(d))
    missing = _explain_missing(ax, stance_summary, data)
    ax.axhline(0, color="#444444", linewidth=0.9)
    ax.set_xlabel(f"coverage: % of the outlet's sentences mentioning {target or 'the target'}")
    ax.set_ylabel(f"mean stance score (-1 against, +1 favour), {ci_label(stance_summary)}")
    xmax = max(xs) if xs else 1
    ax.set_xlim(0, xmax * 1.3 + 1e-9)
    lows = data[["ci_low", "mean_score"]].astype(float).min(axis=1).min()
    highs = data[["ci_high", "mean_score"]].astype(float).max(axis=1).max()
    pad = max(highs - lows, 0.1) * 0.12
    ax.set_ylim(min(lows, 0) - pad, max(highs, 0) + pad)
    ax.grid(color="#e5e5e5", linewidth=0.7)
    ax.set_axisbelow(True)
    ax.figure.canvas.draw_idle()
    label_points(ax, xs, ys, labels, cols)
    if len(tlist) > 1 or missing:
        ax.legend(title="target", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
                  frameon=False)
    if title:
        ax.set_title(title)
    return ax
