"""Tests for framing.plot.  Frames are built by hand per the statistics contracts.

Each figure is also written to ``test-artifacts/figures/`` (git-ignored) so a
person can look at it.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection, PolyCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from framing import plot  # noqa: E402
from framing.errors import InputError, ParameterError  # noqa: E402
from framing.plot_common import ROW_HEIGHT  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "figures"

# 29 outlets, as in the AllSides data (some long names)
OUTLETS = [
    "CNN (Web News)", "The Guardian", "BBC News", "Reuters", "Associated Press",
    "The Daily Caller", "CBN", "Salon", "ABC News", "Breitbart News", "Reason", "Newsmax",
    "American Spectator", "Guest Writer - Right", "Newsmax - News", "Newsmax - Opinion",
    "AP Fact Check", "ABC News (Online)", "Ben Stein", "Guest Writer - Left", "John Stossel",
    "Dick Morris", "Newsmax (News)", "The American Spectator", "Brent Bozell", "Ann Coulter",
    "Tucker Carlson", "Guest Writer", "Matt Welch",
]
CATEGORIES = ["delegitimising", "threat", "violence", "ideology", "moral"]
TARGETS = ["Russia", "NATO", "France", "Ukraine"]


@pytest.fixture(autouse=True)
def _close_figures():
    """Figures stay open until closed: each test's go when it ends."""
    yield
    plt.close("all")


def save(ax_or_fig, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    fig = ax_or_fig if isinstance(ax_or_fig, plt.Figure) else ax_or_fig.figure
    path = ARTIFACTS / f"{name}.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    assert path.stat().st_size > 2000
    return path


def make_rates(outlets=OUTLETS, seed=0, nan_ci=()):
    rng = np.random.default_rng(seed)
    rows = []
    for o in outlets:
        for c in ["all", *CATEGORIES]:
            for v in ["all", "author", "quoted"]:
                rate = rng.uniform(0.5, 12.0) if c == "all" else rng.uniform(0.0, 4.0)
                half = rng.uniform(0.2, 1.5)
                lo, hi = (np.nan, np.nan) if o in nan_ci else (max(rate - half, 0), rate + half)
                share = rate / 40
                rows.append({
                    "outlet": o, "category": c, "voice": v, "n_docs": 20, "n_words": 10_000,
                    "hits": int(rate * 10), "rate_per_1000": rate, "ci_low": lo, "ci_high": hi,
                    "n_sentences": 500, "sentences_with_hit": int(share * 500),
                    "share_sentences": share, "share_ci_low": share * 0.8,
                    "share_ci_high": share * 1.2,
                })
    return pd.DataFrame(rows)


def make_stance(outlets=OUTLETS[:12], targets=TARGETS, seed=1):
    rng = np.random.default_rng(seed)
    rows = []
    for o in outlets:
        for t in targets:
            for v in ["all", "author", "quoted"]:
                m = rng.uniform(-0.6, 0.4)
                half = rng.uniform(0.05, 0.25)
                rows.append({
                    "outlet": o, "target": t, "voice": v, "n_docs": 30, "n_mentions": 80,
                    "n_sentences": 900, "sentences_with_target": 60,
                    "coverage": rng.uniform(0.005, 0.12), "mean_score": m,
                    "ci_low": m - half, "ci_high": m + half, "n_against": 30, "n_neutral": 40,
                    "n_favor": 10, "share_against": 0.375, "share_neutral": 0.5,
                    "share_favor": 0.125,
                })
    return pd.DataFrame(rows)


def make_distinctive(outlet="Reuters", n_terms=60, seed=2):
    rng = np.random.default_rng(seed)
    words = [f"term{i:02d}" for i in range(n_terms)]
    z = rng.normal(0, 2.0, size=n_terms)
    z[:3] = [6.5, 6.2, 6.0]  # close extremes to exercise label spreading
    count = rng.integers(0, 200, size=n_terms)
    ref = rng.integers(1, 2000, size=n_terms)
    return pd.DataFrame({
        "outlet": outlet, "reference": "rest", "term": words,
        "category": rng.choice(CATEGORIES, size=n_terms), "count": count,
        "count_reference": ref, "freq_per_1000": count / 50.0,
        "log_odds": z * 0.2, "se": 0.2, "z": z,
    })


def make_timeseries(outlets=OUTLETS[:6], metric="rate_per_1000", n=12, seed=3, freq="M",
                    start="2024-01-01"):
    rng = np.random.default_rng(seed)
    periods = pd.date_range(start, periods=n, freq="MS" if freq == "M" else "W-MON")
    rows = []
    for o in outlets:
        level = rng.uniform(2, 8)
        for p in periods:
            v = level + rng.normal(0, 0.8)
            rows.append({"period": p, "freq": freq, "outlet": o, "metric": metric, "value": v,
                         "ci_low": v - 1.0, "ci_high": v + 1.0, "n_docs": 12})
    return pd.DataFrame(rows)


def _points(ax):
    """Marker-only Line2D artists (the dots)."""
    return [ln for ln in ax.get_lines() if ln.get_linestyle() == "None"
            and ln.get_marker() != "None" and not ln.get_label().startswith("_")]


def _tick_labels(axis):
    return [t.get_text() for t in axis.get_ticklabels()]


# ---------------------------------------------------------------- plot_rates

def test_plot_rates_many_outlets_sorted_with_ci():
    rates = make_rates()
    ax = plot.plot_rates(rates)
    sel = rates[(rates.category == "all") & (rates.voice == "all")].sort_values("rate_per_1000")
    assert _tick_labels(ax.yaxis) == sel["outlet"].tolist()  # sorted, highest on top
    pts = _points(ax)
    assert len(pts) == 1 and len(pts[0].get_xdata()) == 29
    order = np.argsort(pts[0].get_ydata())  # y positions 0..28, bottom to top
    assert np.allclose(np.asarray(pts[0].get_xdata())[order], sel["rate_per_1000"])
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert sum(len(b.get_segments()) for b in bars) == 29
    assert "per 1,000 words" in ax.get_xlabel() and ax.get_ylabel() == "outlet"
    height = ax.figure.get_size_inches()[1]
    assert height >= 29 * ROW_HEIGHT  # grows with the number of outlets
    save(ax, "rates_29_outlets")


def test_plot_rates_voices_side_by_side_and_nan_ci():
    rates = make_rates(OUTLETS[:8], nan_ci={"Reuters"})
    ax = plot.plot_rates(rates, category="threat", voice=None, title="Threat terms by voice")
    pts = _points(ax)
    assert [p.get_label() for p in pts] == ["voice: all", "voice: author", "voice: quoted"]
    assert all(len(p.get_xdata()) == 8 for p in pts)
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert sum(len(b.get_segments()) for b in bars) == 3 * 7  # Reuters has no CI
    assert "(threat)" in ax.get_xlabel()
    assert ax.get_legend() is not None
    save(ax, "rates_by_voice")


def test_plot_rates_flags_outlets_too_small_for_an_interval():
    rates = make_rates(OUTLETS[:4], nan_ci={OUTLETS[1]})
    rates.loc[rates.outlet == OUTLETS[1], "n_docs"] = 3
    ax = plot.plot_rates(rates)
    labels = _tick_labels(ax.yaxis)
    assert f"{OUTLETS[1]} (3 docs: no interval)" in labels
    assert sum("no interval" in label for label in labels) == 1


def test_plot_rates_flags_a_voice_without_an_interval():
    # an outlet with 20 articles whose quotations are in 2 of them: only its quoted
    # dot lacks whiskers, and its label said nothing (the flag needed every row small)
    rates = make_rates(OUTLETS[:4])
    few = (rates.outlet == OUTLETS[2]) & (rates.voice == "quoted")
    rates.loc[few, ["ci_low", "ci_high"]] = np.nan
    rates.loc[few, "n_docs"] = 2
    labels = _tick_labels(plot.plot_rates(rates, voice=None).yaxis)
    assert f"{OUTLETS[2]} (quoted: 2 docs, no interval)" in labels
    assert sum("no interval" in label for label in labels) == 1
    # one voice drawn: its rows are all the outlet's rows
    labels = _tick_labels(plot.plot_rates(rates, voice="quoted").yaxis)
    assert f"{OUTLETS[2]} (2 docs: no interval)" in labels
    assert OUTLETS[2] in _tick_labels(plot.plot_rates(rates, voice="author").yaxis)


def test_interval_level_in_the_axis_label_comes_from_the_frame():
    rates = make_rates(OUTLETS[:3])
    rates.attrs["ci"] = 0.9
    assert "90% CI" in plot.plot_rates(rates).get_xlabel()
    stance = make_stance(OUTLETS[:3])
    stance.attrs["ci"] = 0.8
    assert "80% CI" in plot.plot_stance(stance).get_xlabel()
    assert "80% CI" in plot.plot_coverage_vs_framing(stance).get_ylabel()
    # pd.concat drops attrs that differ: the level is unknown, so no level is claimed
    # (the axis said "95% CI" for frames computed at 80%)
    first, second = rates.iloc[:1].copy(), rates.iloc[1:].copy()
    first.attrs = {"ci": 0.9, "n_undated": 3}
    both = pd.concat([first, second], ignore_index=True)
    assert "ci" not in both.attrs
    for frame in (make_rates(OUTLETS[:3]), both):
        label = plot.plot_rates(frame).get_xlabel()
        assert label.endswith(", CI") and "%" not in label
    stance.attrs = {}
    assert plot.plot_stance(stance).get_xlabel().endswith(", CI")
    assert plot.plot_coverage_vs_framing(stance).get_ylabel().endswith(", CI")


def test_plot_rates_share_and_target_and_errors():
    rates = make_rates(OUTLETS[:5])
    ax = plot.plot_rates(rates, measure="share")
    assert "share of sentences" in ax.get_xlabel()
    plt.close(ax.figure)
    per_target = pd.concat([rates.assign(target="Russia"), rates.assign(target="NATO")])
    with pytest.raises(ParameterError, match="target"):
        plot.plot_rates(per_target)
    ax = plot.plot_rates(per_target, target="NATO")
    assert len(_points(ax)[0].get_xdata()) == 5
    plt.close(ax.figure)
    with pytest.raises(ParameterError):
        plot.plot_rates(rates, measure="odds")
    with pytest.raises(InputError, match="ci_low"):
        plot.plot_rates(rates.drop(columns="ci_low"))


def test_no_data_axes_for_every_plot():
    empty_rates = make_rates(OUTLETS[:2]).iloc[:0]
    empty_stance = make_stance().iloc[:0]
    axes = [
        plot.plot_rates(empty_rates),
        plot.plot_rates(empty_rates, category="absent"),
        plot.plot_category_heatmap(empty_rates),
        plot.plot_distinctive(make_distinctive(), outlet="Nobody"),
        plot.plot_stance(empty_stance),
        plot.plot_timeseries(make_timeseries(), metric="stance:Mars"),
        plot.plot_coverage_vs_framing(empty_stance),
    ]
    for ax in axes:
        texts = [t.get_text() for t in ax.texts]
        assert any(t.startswith("no data") for t in texts)
    save(axes[0], "no_data")
    for ax in axes[1:]:
        plt.close(ax.figure)


def test_a_filter_value_without_rows_is_an_error_naming_the_frames_values():
    rates = make_rates(OUTLETS[:3])
    with pytest.raises(ParameterError, match="did you mean 'threat'") as err:
        plot.plot_rates(rates, category="threats", voice=None)
    assert err.value.field == "category"
    assert "delegitimising" in err.value.hint and "without any hit" in err.value.hint
    with pytest.raises(ParameterError, match="did you mean 'author'") as err:
        plot.plot_rates(rates, voice="authors")
    assert err.value.field == "voice"
    with pytest.raises(ParameterError, match="voice 'quoted'"):
        plot.plot_category_heatmap(rates[rates.voice != "quoted"], voice="quoted")
    per_target = pd.concat([rates.assign(target="Russia"), rates.assign(target="NATO")])
    with pytest.raises(ParameterError, match="did you mean 'NATO'"):
        plot.plot_rates(per_target, target="Nato")
    stance = make_stance(OUTLETS[:3])
    with pytest.raises(ParameterError, match="did you mean 'Russia'") as err:
        plot.plot_stance(stance, targets=["NATO", "Rusia"])
    assert err.value.field == "targets"
    with pytest.raises(ParameterError, match="voice 'scare_quote'"):
        plot.plot_stance(stance, voice="scare_quote")
    with pytest.raises(ParameterError, match="target 'Mars'"):
        plot.plot_coverage_vs_framing(stance, target="Mars")


def test_the_docs_figures_example_names_a_category_of_the_built_in_lexicon():
    import re

    from framing.lexicon import as_lexicons

    doc = (Path(__file__).parents[1] / "docs" / "figures.md").read_text("utf-8")
    block = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
    category = re.search(r'plot_rates\(rates, category="([^"]+)"', block).group(1)
    (lexicon,) = as_lexicons("loaded_language")
    assert category in lexicon.category_names
    # "threat" (the example before) is not a category: the figure is an error, not "no data"
    rates = make_rates(OUTLETS[:3]).replace({"category": {"threat": category}})
    call = next(line for line in block.splitlines() if "plot.plot_rates" in line)
    names = {"plot": plot, "rates": rates}
    exec(call, names)
    assert len(_points(names["ax"])) == 3  # voice=None: all, author, quoted
    with pytest.raises(ParameterError, match=f"did you mean '{category}'"):
        plot.plot_rates(rates, category="threat", voice=None)


def test_given_ax_is_used_and_returned():
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 5), layout="constrained")
    assert plot.plot_rates(make_rates(OUTLETS[:4]), ax=a1) is a1
    assert plot.plot_stance(make_stance(OUTLETS[:4]), ax=a2) is a2
    assert len(fig.axes) == 2
    save(fig, "two_panels")


# ------------------------------------------------------------------ heatmap

def test_category_heatmap_annotated():
    rates = make_rates()
    ax = plot.plot_category_heatmap(rates, voice="author")
    assert _tick_labels(ax.yaxis) == sorted(OUTLETS)
    assert _tick_labels(ax.xaxis) == sorted(CATEGORIES)
    assert len(ax.texts) == 29 * 5
    sel = rates[(rates.voice == "author") & (rates.outlet == "BBC News") & (rates.category == "threat")]
    row, col = sorted(OUTLETS).index("BBC News"), sorted(CATEGORIES).index("threat")
    txt = next(t for t in ax.texts if t.get_position() == (col, row))
    assert txt.get_text() == f"{sel['rate_per_1000'].iloc[0]:.1f}"
    assert len(ax.figure.axes) == 2  # colour bar
    assert ax.figure.axes[1].get_ylabel() == "loaded terms\nper 1,000 words"
    save(ax, "heatmap_29_outlets")


def test_category_heatmap_missing_cell_and_all_column():
    rates = make_rates(OUTLETS[:6])
    rates = rates[~((rates.outlet == "Reuters") & (rates.category == "moral"))]
    ax = plot.plot_category_heatmap(rates, include_all=True)
    assert _tick_labels(ax.xaxis)[-1] == "all"
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 6 * 6 and texts.count("–") == 1  # the missing cell is marked
    image = ax.get_images()[0]
    assert image.get_array().mask[:, -1].all()  # "all" annotated but not coloured
    save(ax, "heatmap_missing_cell")


# -------------------------------------------------------------- distinctive

def _overlaps(ax, texts):
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    return sum(
        1 for i in range(len(boxes)) for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    )


def test_distinctive_labels_extremes_without_overlap():
    dist = make_distinctive()
    ax = plot.plot_distinctive(dist, outlet="Reuters", n_label=10)
    ax.figure.canvas.draw()
    labelled = [t for t in ax.texts if t.get_text().startswith("term")]
    assert len(labelled) == 10
    top = dist.reindex(dist["z"].abs().sort_values(ascending=False).index)["term"].head(10)
    assert {t.get_text() for t in labelled} == set(top)
    assert _overlaps(ax, labelled) == 0
    assert ax.get_xscale() == "log"
    assert ax.get_ylabel() == "z-score of log-odds ratio"
    assert "(log scale)" in ax.get_xlabel()
    coll = ax.collections[0]
    assert len(coll.get_offsets()) == 60  # every term with a count is drawn
    save(ax, "distinctive")


def test_distinctive_reference_choice_and_zero_counts():
    dist = pd.concat([make_distinctive(), make_distinctive().assign(reference="BBC News")])
    with pytest.raises(ParameterError, match="reference"):
        plot.plot_distinctive(dist, outlet="Reuters")
    one = make_distinctive(n_terms=5).assign(count=0, count_reference=[0, 1, 2, 3, 4])
    ax = plot.plot_distinctive(one, outlet="Reuters", n_label=0)
    assert len(ax.collections[0].get_offsets()) == 4  # a term never seen has no position
    plt.close(ax.figure)


# ------------------------------------------------------------------- stance

def test_plot_stance_grouped_by_target():
    stance = make_stance()
    ax = plot.plot_stance(stance, voice="author")
    pts = _points(ax)
    assert [p.get_label() for p in pts] == sorted(TARGETS)
    assert all(len(p.get_xdata()) == 12 for p in pts)
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert sum(len(b.get_segments()) for b in bars) == 12 * 4
    assert set(_tick_labels(ax.yaxis)) == set(OUTLETS[:12])
    assert any(list(ln.get_xdata()) == [0, 0] for ln in ax.get_lines())  # zero line
    notes = {t.get_text() for t in ax.texts}
    assert {"← against", "favour →"} <= notes
    assert "against" in ax.get_xlabel() and "favour" in ax.get_xlabel()
    xmin, xmax = ax.get_xlim()
    assert xmin == -xmax  # symmetric around zero
    save(ax, "stance")


def test_plot_stance_selected_targets_and_nan():
    stance = make_stance(OUTLETS[:5])
    stance.loc[(stance.outlet == "BBC News") & (stance.target == "NATO"), ["ci_low", "ci_high"]] = np.nan
    ax = plot.plot_stance(stance, targets=["NATO", "Russia"], title="Stance")
    assert [p.get_label() for p in _points(ax)] == ["NATO", "Russia"]
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert sum(len(b.get_segments()) for b in bars) == 5 * 2 - 1
    save(ax, "stance_two_targets")


def _legend_texts(ax):
    legend = ax.get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


NO_WHISKERS = "no whiskers: fewer than 5\narticles mention the target"


def test_stance_points_without_whiskers_are_explained_in_the_legend():
    stance = make_stance(OUTLETS[:5])
    few = (stance.outlet == "BBC News") & (stance.target == "NATO")
    stance.loc[few, ["ci_low", "ci_high"]] = np.nan
    stance.loc[few, "n_docs"] = 2
    ax = plot.plot_stance(stance, targets=["NATO", "Russia"])
    assert _legend_texts(ax) == ["NATO", "Russia", NO_WHISKERS]
    one = plot.plot_stance(stance, targets=["NATO"])  # one target: a legend for the note only
    assert _legend_texts(one) == ["NATO", NO_WHISKERS]
    assert plot.plot_stance(stance, targets=["Russia"]).get_legend() is None
    cov = plot.plot_coverage_vs_framing(stance, target="NATO")
    assert _legend_texts(cov) == ["NATO", NO_WHISKERS]
    assert _legend_texts(plot.plot_coverage_vs_framing(stance))[-1] == NO_WHISKERS


# --------------------------------------------------------------- timeseries

def test_periods_without_a_band_are_explained_in_the_legend():
    ts = make_timeseries(OUTLETS[:3], metric="stance:Russia", n=4, freq="W")
    assert _legend_texts(plot.plot_timeseries(ts, metric="stance:Russia")) == sorted(OUTLETS[:3])
    thin = ts.period == ts.period.max()
    ts.loc[thin, ["ci_low", "ci_high"]] = np.nan
    ts.loc[thin, "n_docs"] = 3
    texts = _legend_texts(plot.plot_timeseries(ts, metric="stance:Russia"))
    assert texts[-1] == "no band: fewer than 5 articles\nmention Russia that week"
    rates = make_timeseries(OUTLETS[:2], n=3).assign(ci_low=np.nan, ci_high=np.nan, n_docs=1)
    assert _legend_texts(plot.plot_timeseries(rates, metric="rate_per_1000"))[-1] == (
        "no band: fewer than 5 articles\nin that month")
    assert len(_legend_texts(plot.plot_timeseries(rates, metric="rate_per_1000", bands=False))) == 2


def test_plot_timeseries_lines_and_bands():
    ts = make_timeseries()
    ax = plot.plot_timeseries(ts, metric="rate_per_1000")
    lines = [ln for ln in ax.get_lines() if isinstance(ln, Line2D) and ln.get_label() in OUTLETS]
    assert len(lines) == 6 and all(len(ln.get_xdata()) == 12 for ln in lines)
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 6
    assert ax.get_ylabel() == "loaded terms per 1,000 words"
    assert ax.get_xlabel() == "month"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == sorted(OUTLETS[:6])
    save(ax, "timeseries")


def test_a_period_without_documents_breaks_the_line():
    # no row for an outlet's empty weeks: the line must not run straight across them
    ts = make_timeseries(OUTLETS[:2], n=6, freq="W", start="2024-04-01")
    empty = (ts.outlet == OUTLETS[0]) & ts.period.isin(sorted(ts.period.unique())[2:4])
    ts = ts[~empty]
    ax = plot.plot_timeseries(ts, metric="rate_per_1000")
    line = {ln.get_label(): ln for ln in ax.get_lines()}[OUTLETS[0]]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert len(y) == 6 and np.isnan(y[2:4]).all() and np.isfinite(y[[0, 1, 4, 5]]).all()
    assert len({ln.get_label(): ln for ln in ax.get_lines()}[OUTLETS[1]].get_ydata()) == 6
    save(ax, "timeseries_gap")
    fig = plot.plot_timeseries_grid(ts, metric="rate_per_1000")
    assert fig.axes[0].get_title() == OUTLETS[0]  # panels in sorted order: CNN first
    grid_y = np.asarray(fig.axes[0].get_lines()[0].get_ydata(), dtype=float)
    assert len(grid_y) == 6 and np.isnan(grid_y[2:4]).all()
    plt.close(fig)


def test_plot_timeseries_stance_many_outlets():
    ts = make_timeseries(OUTLETS, metric="stance:Russia", n=8)
    ts["value"] = ts["value"] / 10 - 0.5
    ts["ci_low"], ts["ci_high"] = ts["value"] - 0.1, ts["value"] + 0.1
    ts.loc[ts.outlet == "Reuters", ["ci_low", "ci_high"]] = np.nan
    ax = plot.plot_timeseries(ts, metric="stance:Russia")
    assert "stance toward Russia" in ax.get_ylabel()
    styles = {(ln.get_color(), ln.get_linestyle(), ln.get_marker()) for ln in ax.get_lines()
              if ln.get_label() in OUTLETS}
    assert len(styles) == 29  # colour x line style x marker keeps 29 outlets distinct
    assert not [c for c in ax.collections if isinstance(c, PolyCollection)]  # too many for bands
    save(ax, "timeseries_29_outlets")
    ax = plot.plot_timeseries(ts, metric="stance:Russia", bands=True)
    assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 28  # Reuters: NaN
    plt.close(ax.figure)


def test_plot_timeseries_single_period_side_by_side():
    ts = make_timeseries(OUTLETS[:4], n=1)
    ts.loc[ts.outlet == "BBC News", ["ci_low", "ci_high"]] = np.nan
    ax = plot.plot_timeseries(ts, metric="rate_per_1000")
    xs = [ln.get_xdata()[0] for ln in ax.get_lines() if ln.get_label() in OUTLETS]
    assert len(set(xs)) == 4  # spread sideways, not stacked on one date
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert sum(len(b.get_segments()) for b in bars) == 3  # whiskers instead of bands
    assert _tick_labels(ax.xaxis) == ["Jan 2024"]
    save(ax, "timeseries_one_period")
    ax = plot.plot_timeseries(make_timeseries(OUTLETS[:2], n=1, freq="W", start="2024-04-01"),
                              metric="rate_per_1000")
    assert _tick_labels(ax.xaxis) == ["week of 1 Apr 2024"]
    plt.close(ax.figure)


def _tick_dates(ax):
    return [mdates.num2date(x).replace(tzinfo=None) for x in ax.get_xticks()]


def test_weekly_ticks_are_week_starts_not_days():
    ax = plot.plot_timeseries(make_timeseries(n=2, freq="W", start="2024-04-01"), metric="rate_per_1000")
    assert _tick_labels(ax.xaxis) == ["1 Apr\n2024", "8 Apr"]  # not "Apr 02 03 ... 08"
    save(ax, "timeseries_two_weeks")
    ax = plot.plot_timeseries(make_timeseries(n=30, freq="W", start="2023-12-04"), metric="rate_per_1000")
    dates = _tick_dates(ax)
    assert 2 <= len(dates) <= 8 and all(d.weekday() == 0 for d in dates)  # Mondays: week starts
    assert len({(b - a).days for a, b in zip(dates, dates[1:], strict=False)}) == 1  # evenly spaced
    labels = _tick_labels(ax.xaxis)
    assert labels[0] == "4 Dec\n2023" and "1 Jan\n2024" in labels  # the year where it changes
    save(ax, "timeseries_30_weeks")


def test_monthly_ticks_are_month_names():
    ax = plot.plot_timeseries(make_timeseries(n=5, start="2024-04-01"), metric="rate_per_1000")
    assert _tick_labels(ax.xaxis) == ["Apr\n2024", "May", "Jun", "Jul", "Aug"]
    plt.close(ax.figure)
    ax = plot.plot_timeseries(make_timeseries(n=40, start="2021-01-01"), metric="rate_per_1000")
    dates = _tick_dates(ax)
    assert len(dates) <= 8 and all(d.day == 1 and (d.month - 1) % 6 == 0 for d in dates)
    assert _tick_labels(ax.xaxis)[:2] == ["Jan\n2021", "Jul"]
    plt.close(ax.figure)
    fig = plot.plot_timeseries_grid(make_timeseries(OUTLETS[:5], n=10, freq="W", start="2024-04-01"),
                                    metric="rate_per_1000", ncols=3)
    lowest = [a for a in fig.axes if a.get_visible()][-1]
    assert _tick_labels(lowest.xaxis) == ["1 Apr\n2024", "22 Apr", "13 May", "3 Jun"]
    save(fig, "timeseries_grid_weeks")


def test_plot_timeseries_grid_small_multiples():
    ts = make_timeseries(OUTLETS, metric="stance:Russia", n=8)
    ts["value"] = ts["value"] / 10 - 0.5
    ts["ci_low"], ts["ci_high"] = ts["value"] - 0.1, ts["value"] + 0.1
    fig = plot.plot_timeseries_grid(ts, metric="stance:Russia", title="Stance toward Russia")
    visible = [a for a in fig.axes if a.get_visible()]
    assert len(visible) == 29
    assert [a.get_title() for a in visible] == [o[:27] + "…" if len(o) > 28 else o
                                                  for o in sorted(OUTLETS)]
    first = visible[0]
    own = [ln for ln in first.get_lines() if ln.get_label() == sorted(OUTLETS)[0]]
    assert len(own) == 1 and len(own[0].get_xdata()) == 8
    grey = [c for c in first.collections if isinstance(c, LineCollection)]
    assert len(grey) == 1 and len(grey[0].get_segments()) == 28  # the other outlets
    assert "stance toward Russia" in fig.get_supylabel()
    save(fig, "timeseries_grid_29_outlets")
    empty = plot.plot_timeseries_grid(ts, metric="nothing")
    assert any(t.get_text().startswith("no data") for t in empty.axes[0].texts)
    plt.close(empty)


# ---------------------------------------------------- coverage vs framing

def test_coverage_vs_framing_one_target():
    stance = make_stance()
    ax = plot.plot_coverage_vs_framing(stance, target="Russia")
    pts = _points(ax)
    assert len(pts) == 1 and len(pts[0].get_xdata()) == 12
    sel = stance[(stance.target == "Russia") & (stance.voice == "all")]
    assert np.allclose(sorted(pts[0].get_xdata()), sorted(sel["coverage"] * 100))
    labels = [t for t in ax.texts if t.get_text() in OUTLETS]
    assert sorted(t.get_text() for t in labels) == sorted(OUTLETS[:12])
    ax.figure.canvas.draw()
    assert _overlaps(ax, labels) == 0
    assert "% of the outlet's sentences" in ax.get_xlabel()
    assert "stance" in ax.get_ylabel()
    save(ax, "coverage_vs_framing")


def test_coverage_vs_framing_all_targets():
    stance = make_stance(OUTLETS[:5], TARGETS[:3])
    ax = plot.plot_coverage_vs_framing(stance)
    assert [p.get_label() for p in _points(ax)] == sorted(TARGETS[:3])
    assert len([t for t in ax.texts if t.get_text() in OUTLETS]) == 15
    save(ax, "coverage_vs_framing_targets")
