"""Same inputs and parameters give byte-identical outputs.

``tests/test_scoring.py`` already compares Parquet parts across two runs and
``jobs=1``/``jobs=2`` in one process, and frames of the Dask engine.  Here:

* every Parquet part and CSV file is byte-identical across processes with
  different ``PYTHONHASHSEED`` values (string hashing must never leak into an
  order), across ``jobs`` and across the local and Dask engines (byte for byte,
  not only equal frames);
* the CSV tables (and figures) of ``framing report`` are byte-identical across
  two runs on the same inputs; timestamps live only in ``run.json``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "sample"
REPORT_CORPUS = REPO / "tests" / "fixtures" / "report_corpus"

#: A small batch size, so that the sample corpus makes several part files.
BATCH = 3

_SCORE = f"""
import sys
from framing.scoring import write_scores
engine, jobs, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
write_scores({str(SAMPLE)!r}, out, cache=False, jobs=jobs, engine=engine, batch_size={BATCH})
"""


def _start(argv: list[str], hash_seed: str | None, cwd: Path = REPO) -> subprocess.Popen:
    env = {**os.environ, "FRAMING_PROGRESS": "0"}
    env.pop("PYTHONHASHSEED", None)
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = hash_seed
    return subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _finish(process: subprocess.Popen) -> None:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, f"{process.args}\n{out}\n{err}"


def _files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative name -> bytes), run.json excepted."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != "run.json"}


def _assert_same_files(a: Path, b: Path, what: str) -> None:
    files_a, files_b = _files(a), _files(b)
    assert sorted(files_a) == sorted(files_b), what
    different = [name for name in files_a if files_a[name] != files_b[name]]
    assert not different, f"{what}: files differ: {different}"


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> dict[str, Path]:
    """The sample corpus scored in four processes: two hash seeds, one and two jobs, local and Dask."""
    root = tmp_path_factory.mktemp("determinism")
    runs = {"seed0-jobs1": ("local", 1, "0"), "seed4242-jobs2": ("local", 2, "4242"),
            "random-seed-jobs2": ("local", 2, None)}
    try:
        import distributed  # noqa: F401
        runs["dask-seed99-jobs2"] = ("dask", 2, "99")
    except ImportError:  # pragma: no cover - dask is in the dev extra
        pass
    processes = {name: _start([sys.executable, "-c", _SCORE, engine, str(jobs), str(root / name)], seed)
                 for name, (engine, jobs, seed) in runs.items()}
    for process in processes.values():
        _finish(process)
    return {name: root / name for name in runs}


def test_several_parts_were_written(scored):
    parts = sorted(p.name for p in (scored["seed0-jobs1"] / "hits.parquet").iterdir())
    n_items = len(list(SAMPLE.rglob("*.txt")))
    assert len(parts) == -(-n_items // BATCH) > 1


@pytest.mark.parametrize("other", ["seed4242-jobs2", "random-seed-jobs2"])
def test_parquet_parts_do_not_depend_on_hash_seed_or_jobs(scored, other):
    _assert_same_files(scored["seed0-jobs1"], scored[other], f"seed0-jobs1 vs {other}")


def test_dask_engine_writes_the_same_bytes_as_the_local_engine(scored):
    if "dask-seed99-jobs2" not in scored:  # pragma: no cover
        pytest.fail("framing[dask] is part of the dev extra and must be installed for this test")
    _assert_same_files(scored["seed0-jobs1"], scored["dask-seed99-jobs2"], "local vs dask")


def test_run_json_differs_only_in_time_and_engine(scored):
    a = json.loads((scored["seed0-jobs1"] / "run.json").read_text())
    b = json.loads((scored["seed4242-jobs2"] / "run.json").read_text())
    assert a["extra"]["counts"] == b["extra"]["counts"]
    assert a["extra"]["lexicons"] == b["extra"]["lexicons"]


def test_cli_outputs_do_not_depend_on_hash_seed(tmp_path):
    """``framing score`` and ``framing ingest`` (Parquet and CSV) in processes with different
    hash seeds."""
    framing = [sys.executable, "-c", "import sys; from framing.cli.main import main; sys.exit(main())"]
    processes = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        out.mkdir()
        processes.append(_start([*framing, "score", str(SAMPLE), "--out", str(out / "scores"),
                                 "--no-cache", "--jobs", "1"], seed))
        processes.append(_start([*framing, "ingest", str(REPORT_CORPUS), "--out", str(out / "documents.parquet"),
                                 "--manifest", str(out / "manifest.csv")], seed))
    for process in processes:
        _finish(process)
    _assert_same_files(tmp_path / "seed1", tmp_path / "seed2", "framing CLI, hash seeds 1 and 2")
    assert (tmp_path / "seed1" / "manifest.csv").read_text().count("\n") > 3


# ----------------------------------------------------------------------------- reports

REPORT_PARAMETERS = ["-p", "n_boot", "100", "-p", "cache", "false"]


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory) -> tuple[Path, Path]:
    """``framing report`` twice on the fixture corpus, at the same time, with different hash seeds."""
    root = tmp_path_factory.mktemp("reports")
    framing = [sys.executable, "-c", "import sys; from framing.cli.main import main; sys.exit(main())"]
    processes = [_start([*framing, "report", "--corpus", str(REPORT_CORPUS), "--out", str(root / name),
                         *REPORT_PARAMETERS], seed)
                 for name, seed in (("a", "11"), ("b", "12"))]
    for process in processes:
        _finish(process)
    return root / "a", root / "b"


@pytest.mark.slow
def test_report_tables_and_figures_are_identical_across_runs(two_reports):
    a, b = two_reports
    for folder in ("tables", "figures"):
        names = sorted(p.name for p in (a / folder).iterdir())
        assert names, folder
        _assert_same_files(a / folder, b / folder, f"report {folder}")
    assert (a / "tables" / "loaded_rates.csv").read_text().count("\n") > 3


@pytest.mark.slow
def test_report_sidecars_hold_no_timestamps(two_reports):
    a, _ = two_reports
    sidecars = [p for p in sorted(a.rglob("*.json")) if p.name != "run.json"]
    assert sidecars
    for path in sidecars:
        stamps = _TIMESTAMP_RE.findall(path.read_text(encoding="utf-8"))
        assert not stamps, f"{path.name} holds timestamps {stamps[:3]}"


_TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
