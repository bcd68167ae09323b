"""Notebook helpers: tables for reading (dates, numbers, escaping)."""

from __future__ import annotations

import datetime
import re

import numpy as np
import pandas as pd
import pytest

from framing.report_tools import band_note, readable, whisker_note


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


def test_infinite_values_show_as_infinity_signs():
    # a rate ratio whose reference has no hit in a resample has an infinite limit;
    # an inf in a column of whole numbers used to crash (int(inf): OverflowError)
    frame = pd.DataFrame({"rr_ci_high": [np.inf, 3.0], "alone": [np.inf, np.nan],
                          "low": [-np.inf, 2.5]})
    assert _cells(readable(frame)) == [["∞", "∞", "−∞"], ["3.000", "–", "2.500"]]
    assert _cells(readable(pd.DataFrame({"n": [np.inf]}))) == [["∞"]]


def test_setup_notebook_turns_progress_bars_off_unless_asked(monkeypatch):
    """A report notebook run by papermill directly (not by 'framing report', which also
    sets FRAMING_PROGRESS=0) must not write progress bars into its outputs."""
    import logging
    import sys

    from framing import progress
    from framing.report_tools import setup_notebook

    log = logging.getLogger("framing")
    saved = (list(log.handlers), log.propagate, log.level)
    monkeypatch.delenv("FRAMING_PROGRESS", raising=False)
    monkeypatch.setitem(sys.modules, "ipykernel", sys.modules.get("ipykernel") or object())
    try:
        assert progress.progress_enabled()  # a kernel: bars on by default
        setup_notebook()
        assert not progress.progress_enabled()
        setup_notebook(progress=True)  # explore.ipynb, used interactively
        assert progress.progress_enabled()
    finally:
        progress.set_progress(None)
        log.handlers[:], log.propagate = saved[0], saved[1]
        log.setLevel(saved[2])


def test_stance_method_text_names_the_method_a_run_used(tmp_path):
    from pathlib import Path

    from framing.newsmtsc import read_newsmtsc
    from framing.pipeline import ScoreSettings, score_documents
    from framing.report_tools import stance_method_text
    from framing.stance_model import StanceClassifier, save_model

    data = read_newsmtsc(Path(__file__).parent / "fixtures" / "newsmtsc_tiny.jsonl")
    model = StanceClassifier(C=50.0).fit(data.X, data.y)
    path = tmp_path / "my-model.skops"
    save_model(model, path, data_source="labels/gold.jsonl")
    docs = pd.DataFrame({"doc_id": ["d"], "text": ["Russia rejected the talks."], "outlet": ["o"],
                         "title": [""], "author": [""], "date": [pd.NaT], "url": [""], "source": ["x"],
                         "source_id": [""]})
    with_model = stance_method_text(score_documents(docs, settings=ScoreSettings(stance_model=path)).metadata)
    assert f"model:{model.model_id_}" in with_model and "my-model.skops" in with_model
    assert f"{len(data.y):,} labelled targets from gold.jsonl" in with_model
    assert "lexicon rules" not in stance_method_text({"stance_method": f"model:{model.model_id_}"})
    assert "lexicon rules" in stance_method_text(score_documents(docs).metadata)
    assert "no stance" in stance_method_text(score_documents(docs, settings=ScoreSettings(targets=None)).metadata)


def _ts(n_docs, ci=True, metric="stance:Russia"):
    rows = [{"period": pd.Timestamp("2024-04-01") + pd.Timedelta(weeks=k), "outlet": o,
             "metric": metric, "value": 0.1, "ci_low": 0.0 if ci and n >= 5 else np.nan,
             "ci_high": 0.2 if ci and n >= 5 else np.nan, "n_docs": n}
            for o in ("A", "B") for k, n in enumerate(n_docs)]
    frame = pd.DataFrame(rows)
    frame.attrs["ci"] = 0.95
    return frame


def test_band_note_says_where_bands_are_drawn_and_when_none_can_be():
    # the sample report said "bands are 95% intervals" over weekly lines without any band
    assert band_note(_ts([8, 9]), metric="stance:Russia") == " Bands are 95% intervals."
    assert band_note(_ts([8, 2]), metric="stance:Russia", period="week") == (
        " Bands are 95% intervals, drawn where an outlet has at least 5 articles mentioning "
        "Russia in the week.")
    assert band_note(_ts([1, 2], metric="rate_per_1000"), metric="rate_per_1000",
                     period="month") == (
        " No band: no outlet has the 5 articles in one month that an interval needs.")
    # only the outlets drawn count
    mixed = pd.concat([_ts([1, 2]), _ts([8, 9]).assign(outlet="C")])
    assert band_note(mixed, metric="stance:Russia", outlets=["A"]).startswith(" No band")


def test_band_note_names_no_level_the_frame_does_not_record():
    # pd.concat drops attrs that differ: the note said "95%" for series computed at 80%
    low = _ts([8, 9])
    low.attrs["ci"] = 0.8
    assert band_note(low, metric="stance:Russia") == " Bands are 80% intervals."
    other = _ts([8, 9], metric="rate_per_1000")
    other.attrs["ci"] = 0.9
    both = pd.concat([low, other], ignore_index=True)
    assert "ci" not in both.attrs
    assert band_note(both, metric="stance:Russia") == " Bands are confidence intervals."
    assert band_note(both, metric="stance:Russia", outlets=["A"]) == " Bands are confidence intervals."
    assert "%" not in band_note(pd.concat([_ts([8, 2]), other]), metric="stance:Russia")


def test_notes_are_empty_when_nothing_is_drawn():
    # the reviewer's cases said " Bands are 95% intervals." under an empty plot
    never = _ts([0, 0]).assign(value=np.nan)  # a target no article mentions
    assert band_note(never, metric="stance:Russia") == ""
    assert band_note(_ts([8, 9]).iloc[:0], metric="stance:Russia") == ""  # all undated: no rows
    assert band_note(_ts([8, 9]), metric="rate_per_1000") == ""  # another metric
    assert band_note(_ts([8, 9]), metric="stance:Russia", outlets=["C"]) == ""
    summary = pd.DataFrame({"outlet": ["A"], "target": "NATO", "mean_score": [np.nan],
                            "ci_low": [np.nan], "ci_high": [np.nan], "n_docs": [0]})
    assert whisker_note(summary) == "" and whisker_note(summary.iloc[:0]) == ""


def test_whisker_note_only_when_a_shown_stance_row_lacks_an_interval():
    summary = pd.DataFrame({"outlet": ["A", "B"], "target": "NATO", "mean_score": [0.1, -0.2],
                            "ci_low": [0.0, np.nan], "ci_high": [0.2, np.nan], "n_docs": [9, 2]})
    assert "fewer than 5 articles mentioning the target" in whisker_note(summary)
    assert whisker_note(summary.iloc[:1]) == ""


def _scored(texts: dict[str, str], **settings):
    from framing.pipeline import ScoreSettings, score_documents

    n = len(texts)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": list(texts),
                         "title": [""] * n, "author": [""] * n, "date": [pd.NaT] * n,
                         "url": [""] * n, "text": list(texts.values()), "source": ["x"] * n,
                         "source_id": [None] * n})
    return score_documents(docs, settings=ScoreSettings(targets=None, **settings))


def test_term_hits_counts_the_term_inside_longer_entries():
    """'regime' in 'the Kyiv regime' is matched by the longer entry 'kyiv regime'; the term
    report for 'regime' must count it (it counted only the bare entry)."""
    from framing.report_tools import term_hits

    scores = _scored({"kremlin_daily": "The Kyiv regime shelled the town. The Kyiv regime denies it. "
                                       "Western backers of the Kyiv regime said nothing.",
                      "civic_ledger": "Analysts described the regime as isolated."})
    lines = term_hits(scores, term="regime")
    assert lines.groupby("outlet").size().to_dict() == {"kremlin_daily": 3, "civic_ledger": 1}
    assert lines.attrs["source"] == "hits"
    assert lines.attrs["entries"] == ["kyiv regime", "regime"]
    exact = term_hits(scores, term="regime", mode="entry")
    assert exact["outlet"].tolist() == ["civic_ledger"]
    # a word that is no lexicon entry by itself is searched in the texts
    kyiv = term_hits(scores, term="Kyiv")
    assert kyiv.attrs["source"] == "text" and len(kyiv) == 3


def test_term_hits_does_not_change_meaning_with_the_corpus():
    """A lexicon term is counted through its hits whatever the documents: 'tax regime' (an
    exclusion) is no 'regime', with or without another article that uses 'the regime'."""
    from framing.report_tools import select_documents, term_hits

    tax = "The new tax regime starts in May. Critics of the tax regime say the tax regime is unfair."
    alone = term_hits(_scored({"o": tax}), term="regime")
    assert len(alone) == 0 and alone.attrs["source"] == "hits"
    both = _scored({"o": tax, "p": "Analysts described the regime as brutal."})
    assert term_hits(both, term="regime")["doc_id"].tolist() == ["d1"]
    only_o = select_documents(both, outlets=["o"])
    assert len(term_hits(only_o, term="regime")) == 0
    # inflected forms come through the hits too (a text search for 'regime' missed 'regimes')
    plural = term_hits(_scored({"o": "Such regimes fall."}), term="regime")
    assert plural["match"].tolist() == ["regimes"]


def test_term_hits_with_a_lexicon_file_it_cannot_reload(tmp_path, caplog):
    from framing.report_tools import term_hits

    path = tmp_path / "mine.csv"
    path.write_text("pattern,category\njunta,label\ntax junta,exclude\n")
    scores = _scored({"o": "The tax junta met."}, lexicons=(str(path),))
    with caplog.at_level("WARNING", logger="framing"):
        guessed = term_hits(scores, term="junta")
    assert guessed.attrs["source"] == "text" and len(guessed) == 1
    assert "pass lexicons=" in caplog.text
    told = term_hits(scores, term="junta", lexicons=[path])
    assert told.attrs["source"] == "hits" and len(told) == 0


def _with_manifest(scores, extra):
    """``scores`` with manifest rows added: (item, outlet, status) of items that are no document."""
    import dataclasses

    rows = pd.DataFrame([{"item": item, "path": item, "line": None, "outlet": outlet, "status": status,
                          "reason": "empty file" if status == "rejected" else "same text",
                          "doc_id": None} for item, outlet, status in extra])
    return dataclasses.replace(scores, manifest=pd.concat([scores.manifest, rows], ignore_index=True))


def test_corpus_overview_accounts_for_every_manifest_item():
    """An outlet whose every item was rejected vanished from the overview, and its
    rejections from the total (reviewer rev16a, finding 3)."""
    from framing.report_tools import LEFT_OUT_ROW, corpus_overview, select_documents

    scores = _with_manifest(_scored({"a": "The regime fell.", "b": "Talks went on.", "c": "Peace."}),
                            [("a/empty.txt", "a", "rejected"), ("gone/x.txt", "gone", "rejected"),
                             ("gone/y.txt", "gone", "rejected")])
    table = corpus_overview(scores).set_index("outlet")
    assert table.loc["gone", ["documents", "rejected"]].tolist() == [0, 2]
    assert table.loc["a", ["documents", "rejected"]].tolist() == [1, 1]
    assert table.loc["total", ["documents", "rejected"]].tolist() == [3, 3]
    assert LEFT_OUT_ROW not in table.index  # nothing was filtered
    # the report's own filters leave outlets out; what they left out is one row
    chosen = corpus_overview(select_documents(scores, outlets=["a", "b"])).set_index("outlet")
    assert list(chosen.index) == ["a", "b", "total", LEFT_OUT_ROW]
    assert chosen.loc["total", ["documents", "rejected"]].tolist() == [2, 1]
    assert chosen.loc[LEFT_OUT_ROW, ["documents", "rejected", "duplicates"]].tolist() == [1, 2, 0]
    assert pd.isna(chosen.loc[LEFT_OUT_ROW, "words"])  # not counted, not zero
    counted = chosen.loc[["total", LEFT_OUT_ROW], ["documents", "rejected", "duplicates"]].to_numpy().sum()
    assert counted == len(scores.manifest)


def _dated(outlet_dates: dict[str, list[str | None]]):
    """Scored one-sentence documents: per outlet, one document per date (None: undated)."""
    from framing.pipeline import ScoreSettings, score_documents

    rows = [(o, d) for o, dates in outlet_dates.items() for d in dates]
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))], "outlet": [o for o, _ in rows],
                         "title": "", "author": "", "date": pd.to_datetime([d for _, d in rows]),
                         "url": "", "text": [f"The regime fell {i}." for i in range(len(rows))],
                         "source": "x", "source_id": ""})
    return score_documents(docs, settings=ScoreSettings(targets=None))


@pytest.mark.parametrize("filters, field, expected", [
    ({"date_from": "2023-01-01", "date_to": "2023-12-31"}, "date_from",
     ["date_from/date_to (2023-01-01 to 2023-12-31) kept 0 of 4",
      "the dated articles run from 2024-04-03 to 2024-05-02"]),
    ({"date_to": "2024-01-01"}, "date_from", ["(… to 2024-01-01) kept 0 of 4"]),
    ({"min_docs": 5}, "min_docs", ["min_docs (5) kept 0 of 4", "set min_docs to at most 3"]),
    ({"outlets": ["b"], "min_docs": 2}, "min_docs", ["outlets (b) kept 1 of 4; min_docs (2) kept 0 of 1",
                                                      "at most 1"]),
    ({"outlets": ["nobody"]}, "outlets", ["no such outlet", "outlets with articles: a, b"]),
    ({"required": {"focus": "b"}, "date_from": "2024-04-10"}, "focus",
     ["outlet 'b' has no article left after the filters", "kept 2 of 4"]),
])
def test_an_empty_selection_is_an_error_naming_the_filter(filters, field, expected):
    """A date window without articles gave a report with empty sections, status ok and
    captions blaming other causes (reviewer rev16a, finding 5)."""
    from framing.errors import ParameterError
    from framing.report_tools import select_documents

    scores = _dated({"a": ["2024-04-03", "2024-04-20", "2024-05-02"], "b": [None]})
    with pytest.raises(ParameterError) as info:
        select_documents(scores, **filters)
    assert info.value.field == field
    for text in expected:
        assert text in str(info.value), str(info.value)
    assert str(info.value).count("(fix: ") == 1


def test_an_outlet_of_rejected_items_only_is_an_error_as_focus_or_sole_outlet():
    from framing.errors import ParameterError
    from framing.report_tools import select_documents

    scores = _with_manifest(_dated({"a": ["2024-04-03"], "b": ["2024-04-04"]}),
                            [("gone/x.txt", "gone", "rejected")])
    with pytest.raises(ParameterError, match=r"\[outlets\].*every item of these outlets was rejected"):
        select_documents(scores, outlets=["gone"])
    with pytest.raises(ParameterError, match=r"\[reference\]: outlet 'gone' has no accepted article in "
                                             r"the corpus \(manifest: 1 rejected\)"):
        select_documents(scores, required={"focus": "", "reference": "gone"})
    kept = select_documents(scores, outlets=["a", "gone"], required={"focus": "a"})
    assert kept.documents["outlet"].tolist() == ["a"]
    assert kept.metadata["selection"]["documents_after"] == 1
    empty = select_documents(scores, date_from="2025-01-01", allow_empty=True)
    assert empty.documents.empty and empty.hits.empty


def test_outputs_of_names_that_differ_only_in_punctuation_do_not_overwrite(tmp_path):
    """Outlets 'Le Monde' and 'Le/Monde' both saved figures/distinctive_Le_Monde.png: the
    report showed four figures, the folder and run.json had three (reviewer rev16a, 8)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from framing.report_tools import file_stem, save_figure, save_table, show_figure

    outlets = ["Le Monde", "Le/Monde", "Le_Monde", "RT", "RT.", "!!", "??"]
    for outlet in outlets:
        fig, _ = plt.subplots(figsize=(1, 1))
        save_figure(fig, f"distinctive_{outlet}", tmp_path)
        plt.close(fig)
        save_table(pd.DataFrame({"outlet": [outlet]}), f"terms_{outlet}", tmp_path)
    assert len(list((tmp_path / "figures").glob("*.png"))) == len(outlets)
    tables = {pd.read_csv(p)["outlet"].iloc[0] for p in (tmp_path / "tables").glob("*.csv")}
    assert tables == set(outlets)
    # file-safe names keep their file names; the others stay readable
    assert file_stem("loaded_rates") == "loaded_rates" and file_stem("provenance") == "provenance"
    assert file_stem("distinctive_Le Monde").startswith("distinctive_Le_Monde_")
    assert "/" not in file_stem("../../etc") and file_stem("x" * 200) != file_stem("x" * 199)
    fig, _ = plt.subplots(figsize=(1, 1))
    show_figure(fig, "stance_over_time_European Union", tmp_path)
    assert (tmp_path / "figures" / f"{file_stem('stance_over_time_European Union')}.png").is_file()


def test_pick_article_names_the_rows_there_are():
    """explore's article 999 raised pandas' IndexError, and -1 showed the last article."""
    from framing.errors import ParameterError
    from framing.report_tools import pick_article

    docs = pd.DataFrame({"doc_id": ["a", "b"]})
    assert pick_article(docs, 1) == "b"
    for bad in (2, -1, True):
        with pytest.raises(ParameterError, match=r"\[article\]: article .* is out of range: the corpus "
                                                 r"has 2 articles \(fix: give a row from 0 to 1\)"):
            pick_article(docs, bad)


def test_captions_name_the_real_reason_for_a_missing_section():
    """One outlet: 'no outlet has enough articles for a test' although it had 5, and a 'no
    data' distinctive figure; no dates: 'the dated articles fall into a single period'
    (reviewer rev16a, finding 11)."""
    from framing.report_tools import comparison_note, distinctive_note, period_note

    none = pd.DataFrame(columns=["outlet_a"])
    one = pd.DataFrame({"doc_id": list("abcde"), "outlet": "civic", "date": pd.NaT})
    assert comparison_note(none, one) == ("Only one outlet, civic, is in this report: there is no "
                                          "other outlet to test it against.")
    two = pd.concat([one, pd.DataFrame({"doc_id": ["f"], "outlet": ["wsws"], "date": [pd.NaT]})])
    assert comparison_note(none, two) == ("A test needs two outlets with at least 5 articles each "
                                          "(syndicated copies counted once); only civic has 5 or more.")
    assert "the largest has 4" in comparison_note(none, two, exclude_docs={"a"})
    assert comparison_note(pd.DataFrame({"outlet_a": ["civic"]}), two) == ""
    scores = pd.DataFrame({"outlet": ["civic", "civic", "wsws"], "term": ["x", "y", "x"],
                           "z": [np.nan, np.nan, np.nan]})
    assert distinctive_note(scores, one).startswith("Only one outlet, civic, is in this report")
    assert distinctive_note(scores, two, "civic", voice="quoted") == (
        "No distinctive terms: civic or the other outlets has no words in the quoted voice.")
    scored = scores.assign(z=[1.5, -0.2, -1.5])
    assert distinctive_note(scored, two, "civic") == "" and distinctive_note(scored, two) == ""
    assert distinctive_note(scored, two, outlets=["wsws"]) == (
        "No loaded term is used more per word by these outlets than by the other outlets.")
    assert period_note(one) == "No article has a date: no time series."
    same_day = one.assign(date=pd.Timestamp("2024-04-04"))
    assert period_note(same_day) == "Every dated article is of 2024-04-04: no time series."
    week = one.assign(date=pd.to_datetime(["2024-04-01", "2024-04-02", "2024-04-03", None, None]))
    assert period_note(week) == ("The dated articles (2024-04-01 to 2024-04-03) fall into one week: "
                                 "no time series.")
    assert period_note(week.assign(date=pd.to_datetime(["2024-04-01", "2024-05-02"] + [None] * 3))) == ""
