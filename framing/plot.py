"""Figures for outlet comparisons (matplotlib).

Every function takes ``ax=None`` (a new figure sized to the data is created
when it is None) and returns the Axes; none calls ``plt.show()`` or saves.
Inputs are the statistics frames (``rates``, ``distinctive``,
``stance_summary``, ``timeseries``; see ``docs/figures.md``).  Empty inputs
give an axes with a "no data" note instead of an exception, but a
``category=``, ``voice=`` or ``target(s)=`` that has no row in a frame with
rows is a :class:`~framing.errors.ParameterError` naming the values the frame
has; missing confidence limits (NaN) draw the point without a whisker.

Colours come from the Okabe-Ito palette (:data:`framing.display.OKABE_ITO`),
safe for the common colour-vision deficiencies; heatmaps use ``cividis``.

This module is the one place to import the figures from.  They are defined
in :mod:`framing.plot_outlets` (outlets side by side), :mod:`framing.plot_time`
(over time) and :mod:`framing.plot_common` (palette and shared drawing).
"""

from __future__ import annotations

from framing.plot_common import PALETTE, VOICE_PLOT_COLOURS
from framing.plot_outlets import (
    plot_category_heatmap,
    plot_coverage_vs_framing,
    plot_distinctive,
    plot_rates,
    plot_stance,
)
from framing.plot_time import plot_timeseries, plot_timeseries_grid

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
