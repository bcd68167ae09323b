"""Batch reports: one per outlet (--each outlet) and one per parameter set (--grid)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framing.cli.main import main
from framing.errors import MissingFileError, ParameterError
from framing.report_batch import BatchItem, each_outlet, read_grid, run_batch
from tests.test_report import FIXTURE_CORPUS, make_notebook

BATCH_PARAMETERS = '''\
corpus: str = "corpus"  # folder or file to analyse
focus: str = ""  # outlet the report is about
reference: str = "rest"  # what it is compared with
title: str = "Batch"  # report title
month: str = ""  # a label
fail: bool = False  # make this report fail
output_dir: str = ""  # set by the runner
'''

BATCH_CELLS = [
    ("params", BATCH_PARAMETERS),
    ("markdown", "## Result"),
    ("code", "if fail:\n    raise RuntimeError(f'deliberate failure {month}')\nprint(focus, reference, title, month)"),
]


@pytest.fixture(scope="module")
def batch_nb(tmp_path_factory) -> Path:
    return make_notebook(tmp_path_factory.mktemp("nb") / "batch.ipynb", BATCH_CELLS)


def test_each_outlet_sets_focus_reference_and_title(batch_nb):
    items = each_outlet(batch_nb, {"corpus": str(FIXTURE_CORPUS), "title": "Coverage"})
    assert [i.name for i in items] == ["harbour_herald", "meridian_post", "steppe_courier"]
    first = items[0].parameters
    assert first["focus"] == "harbour_herald" and first["reference"] == "rest"
    assert first["title"] == "Coverage: harbour_herald against the rest"


def test_each_outlet_needs_a_focus_parameter(tmp_path):
    path = make_notebook(tmp_path / "nofocus.ipynb", [("params", 'corpus: str = "x"  # corpus')])
    with pytest.raises(ParameterError, match="no 'focus' parameter"):
        each_outlet(path, {"corpus": str(FIXTURE_CORPUS)})


def test_grid_list_and_mapping_forms(tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("- {month: 2024-04, _name: april}\n- {month: 2024-05, fail: true}\n- {}\n")
    items = read_grid(grid)
    assert [i.name for i in items] == ["april", "month_2024-05_fail_true", "set3"]
    assert items[1].parameters == {"month": "2024-05", "fail": "true"}  # text until converted
    grid.write_text("may: {month: '2024-05'}\nmay2: {month: 1.10}\n")
    items = read_grid(grid)
    assert [i.name for i in items] == ["may", "may2"] and items[1].parameters["month"] == "1.10"
    grid.write_text("[]\n")
    with pytest.raises(ParameterError, match="empty"):
        read_grid(grid)
    grid.write_text("- 3\n")
    with pytest.raises(ParameterError, match="entry 1 is not a mapping"):
        read_grid(grid)
    grid.write_text("- {month: 2024-04}\n- {month: [x}\n")
    with pytest.raises(ParameterError, match="invalid YAML") as info:
        read_grid(grid)
    assert info.value.line == 2
    with pytest.raises(MissingFileError, match="grid file not found") as info:
        read_grid(tmp_path / "missing.yaml")
    assert info.value.field == "--grid"


def test_every_set_is_validated_before_anything_runs(tmp_path, batch_nb):
    items = [BatchItem("good", {"month": "a"}), BatchItem("bad", {"fial": "true"})]
    with pytest.raises(ParameterError, match="report 'bad': unknown parameter 'fial'.*did you mean 'fail'"):
        run_batch(batch_nb, tmp_path / "b", items, base={"corpus": str(FIXTURE_CORPUS)})
    assert not (tmp_path / "b").exists()


def test_grid_batch_with_one_failing_report(tmp_path, batch_nb, capsys):
    grid = tmp_path / "grid.yaml"
    grid.write_text("- {month: april}\n- {month: may, fail: true}\n- {month: june}\n")
    out = tmp_path / "batch"
    code = main(["report", str(batch_nb), "--corpus", str(FIXTURE_CORPUS), "--grid", str(grid),
                 "--jobs", "2", "--out", str(out)])
    assert code == 1  # not all passed
    text = capsys.readouterr().out
    assert "2 of 3 reports ok" in text and "deliberate failure may" in text
    summary = json.loads((out / "batch.json").read_text())
    status = {r["name"]: r["status"] for r in summary["reports"]}
    assert status == {"month_april": "ok", "month_may_fail_true": "failed", "month_june": "ok"}
    assert summary["ok"] is False
    for name in ("month_april", "month_june"):
        assert (out / name / "batch.html").is_file()
        assert json.loads((out / name / "run.json").read_text())["parameters"]["month"] == name[6:]
    failed = json.loads((out / "month_may_fail_true" / "run.json").read_text())
    assert failed["status"] == "failed" and failed["error"]["ename"] == "RuntimeError"
    assert not (out / "month_may_fail_true" / "batch.html").exists()
    index = (out / "index.html").read_text()
    assert 'href="month_april/batch.html"' in index and "failed" in index


def test_each_outlet_batch_all_pass(tmp_path, batch_nb, capsys):
    out = tmp_path / "each"
    code = main(["report", str(batch_nb), "--corpus", str(FIXTURE_CORPUS), "--each", "outlet",
                 "--out", str(out), "-p", "title", "Per outlet", "--jobs", "2"])
    assert code == 0
    assert "3 of 3 reports ok" in capsys.readouterr().out
    run = json.loads((out / "steppe_courier" / "run.json").read_text())
    assert run["parameters"]["focus"] == "steppe_courier"
    # batch.json says which outlet each (file-safe, de-duplicated) folder is about
    records = {r["name"]: r for r in json.loads((out / "batch.json").read_text())["reports"]}
    assert records["steppe_courier"]["parameters"]["focus"] == "steppe_courier"
    assert "focus = harbour_herald" in (out / "index.html").read_text()
    assert run["parameters"]["title"] == "Per outlet: steppe_courier against the rest"


def test_a_report_that_selects_nothing_fails_in_a_batch_and_the_others_run(tmp_path, capsys):
    from tests.test_report import SELECTING

    nb = make_notebook(tmp_path / "selecting.ipynb", SELECTING)
    grid = tmp_path / "grid.yaml"
    grid.write_text("- {_name: all}\n- {_name: y2023, date_from: 2023-01-01}\n")
    out = tmp_path / "batch"
    assert main(["report", str(nb), "--grid", str(grid), "--out", str(out)]) == 1
    assert "1 of 2 reports ok" in capsys.readouterr().out
    records = {r["name"]: r for r in json.loads((out / "batch.json").read_text())["reports"]}
    assert records["all"]["status"] == "ok"
    assert records["y2023"]["status"] == "failed"
    assert "[date_from]: the parameters select no article" in records["y2023"]["error"]


def test_sigterm_stops_a_batch_and_its_workers_record_interrupted(tmp_path):
    """A batch stopped by SIGTERM (its time limit) left the reports at 'running' with
    their locks, and workers running on (reviewer rev16a, finding 6)."""
    import signal
    import subprocess
    import sys

    from framing.report import LOCK_NAME
    from tests.test_report import _status, _wait_for

    nb = make_notebook(tmp_path / "sleepy.ipynb", [("params", 'label: str = ""  # a label'),
                                                    ("code", "import time\ntime.sleep(120)")])
    grid = tmp_path / "grid.yaml"
    grid.write_text("- {label: a}\n- {label: b}\n- {label: c}\n")
    out = tmp_path / "batch"
    (out / "label_c").mkdir(parents=True)  # a previous batch's report: not this batch's result
    (out / "label_c" / "run.json").write_text('{"status": "ok", "started": "2024-01-01T00:00:00+00:00"}')
    log = tmp_path / "stderr.txt"  # not a pipe: workers left running would hold it open
    with log.open("w") as stderr:
        child = subprocess.Popen([sys.executable, "-m", "framing.cli.main", "report", str(nb), "--grid",
                                  str(grid), "--jobs", "2", "--out", str(out)], stderr=stderr)
    folders = [out / "label_a", out / "label_b"]
    _wait_for(lambda: all(_status(f / "run.json") == "running" for f in folders))
    child.send_signal(signal.SIGTERM)  # the batch process only, as a scheduler does
    child.wait(timeout=90)
    assert child.returncode == 128 + signal.SIGTERM, log.read_text()
    for folder in folders:
        run = json.loads((folder / "run.json").read_text())
        assert run["status"] == "interrupted", run
        assert not (folder / LOCK_NAME).exists()
    records = {r["name"]: r for r in json.loads((out / "batch.json").read_text())["reports"]}
    assert {r["status"] for r in records.values()} == {"interrupted"}
    assert records["label_c"]["error"].startswith("not started")
