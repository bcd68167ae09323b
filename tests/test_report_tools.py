"""Notebook helpers: tables for reading (dates, numbers, escaping)."""

from __future__ import annotations

import datetime
import re

import numpy as np
import pandas as pd

from framing.report_tools import readable


def _cells(table) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", table._repr_html_())
    return [cells for row in rows if (cells := re.findall(r"<td[^>]*>(.*?)</td>", row))]


def test_dates_show_as_days_not_midnight_timestamps():
    frame = pd.DataFrame({
        "outlet": ["a", "b"],
        "first_date": pd.to_datetime(["2024-04-04", None]),
        "utc": pd.to_datetime(["2024-04-04", "2024-04-05"]).tz_localize("UTC"),
        "python": [datetime.datetime(2024, 4, 4), datetime.date(2024, 4, 5)],
        "numpy": pd.Series([np.datetime64("2024-04-04T00:00"), np.datetime64("2024-04-06")], dtype=object),
    })
    assert _cells(readable(frame)) == [["a", "2024-04-04", "2024-04-04", "2024-04-04", "2024-04-04"],
                                       ["b", "–", "2024-04-05", "2024-04-05", "2024-04-06"]]
    assert "00:00" not in readable(frame)._repr_html_()


def test_times_of_day_are_kept_to_the_minute_for_the_whole_column():
    frame = pd.DataFrame({"date": pd.to_datetime(["2024-04-04 00:00:00", "2024-04-04 10:30:15"])})
    assert _cells(readable(frame)) == [["2024-04-04 00:00"], ["2024-04-04 10:30"]]


def test_mixed_column_numbers_and_escaping():
    frame = pd.DataFrame({"what": ["<b>x</b>", pd.Timestamp("2024-04-04")], "n": [3.0, 1234.0],
                          "rate": [0.12345, np.nan]})
    assert _cells(readable(frame)) == [["&lt;b&gt;x&lt;/b&gt;", "3", "0.123"],
                                       ["2024-04-04", "1,234", "–"]]
