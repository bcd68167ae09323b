"""Many reports from one notebook: one per outlet, or one per parameter set of a grid.

Every parameter set is validated before any report runs.  Reports run in
worker processes (``jobs``), each into its own subfolder named with
:func:`framing.io.safe_name`; a failing report does not stop the others.  The
batch folder gets ``batch.json`` (one record per report) and ``index.html``
(links to the reports, with their status).

>>> result = run_batch("outlet_comparison", "reports/by_outlet",
...                    each_outlet("outlet_comparison", {"corpus": "corpora/sample"}),
...                    jobs=2)                                   # doctest: +SKIP
>>> result.ok, result.summary()                                  # doctest: +SKIP
"""

from __future__ import annotations

import html
import os
import signal
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import FramingError, ParameterError
from framing.io import atomic_path, safe_name, write_json
from framing.progress import progress
from framing.report import (
    ReportResult,
    check_report_folder,
    raise_stopped,
    run_report,
    stop_signals_interrupt,
)
from framing.report_notebook import find_notebook
from framing.report_params import (
    corpus_outlets,
    notebook_parameters,
    read_params_file,
    read_yaml_text,
    resolve_parameters,
)

__all__ = ["BatchItem", "BatchResult", "each_outlet", "read_grid", "run_batch", "format_summary"]

#: Key of a grid entry that names its report (not a notebook parameter).
NAME_KEY = "_name"
#: Longest folder name derived from a grid entry's values.
MAX_NAME = 60


@dataclass(frozen=True)
class BatchItem:
    """One report of a batch: its name (subfolder) and its parameter values."""

    name: str
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchResult:
    """Outcome of a batch: one :class:`~framing.report.ReportResult` per item."""

    out_dir: Path
    results: tuple[ReportResult, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        """Whether every report succeeded."""
        return all(r.status == "ok" for r in self.results)

    def summary(self) -> pd.DataFrame:
        """One row per report: ``name, status, seconds, html, error``."""
        return pd.DataFrame(
            [{"name": r.name, "status": r.status, "seconds": r.seconds,
              "html": str(r.html) if r.html else "", "error": r.error or ""} for r in self.results],
            columns=["name", "status", "seconds", "html", "error"],
        )


def _unique(names: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        base = safe_name(name, max_length=MAX_NAME)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return out


def each_outlet(notebook: str | os.PathLike[str], base: Mapping[str, Any] | None = None,
                *, params_file: str | os.PathLike[str] | None = None) -> list[BatchItem]:
    """One parameter set per outlet of the corpus: that outlet against all the others.

    Sets ``focus`` to the outlet and ``reference`` to ``"rest"`` (the notebook
    must declare ``focus``), and adds the outlet to ``title`` when declared.
    """
    path = find_notebook(notebook)
    params = notebook_parameters(path)
    if "focus" not in params:
        raise ParameterError(f"notebook {path.stem} has no 'focus' parameter, so --each outlet "
                             "cannot make one report per outlet", field="--each",
                             hint="use a notebook that declares focus (outlet_comparison), or --grid")
    given = dict(read_params_file(params_file)) if params_file else {}
    given.update(base or {})
    values = resolve_parameters(params, given, notebook=path)
    columns = values.get("columns") if isinstance(values.get("columns"), dict) else None
    outlets = corpus_outlets(values["corpus"], columns)
    if values.get("outlets"):
        outlets = [o for o in outlets if o in values["outlets"]]
    if not outlets:
        raise ParameterError(f"no outlets found in {values['corpus']}", field="corpus")
    items = []
    for name, outlet in zip(_unique(outlets), outlets, strict=True):
        item = {**given, "focus": outlet}
        if "reference" in params:
            item["reference"] = "rest"
        if "title" in params:
            item["title"] = f"{values['title']}: {outlet} against the rest"
        items.append(BatchItem(name, item))
    return items


def read_grid(path: str | os.PathLike[str]) -> list[BatchItem]:
    """Read a grid file: a YAML list of parameter mappings, or a mapping name -> parameters.

    In a list, an entry may name its report with ``_name``; otherwise the name is
    made from its values (``date_from=2024-04-01_date_to=2024-04-30``).
    Scalars stay text until converted by the declared types.
    """
    data = read_yaml_text(path, missing="grid file not found", field="--grid",
                          hint="give a YAML list of parameter mappings")
    raw: list[tuple[str | None, Any]]
    if isinstance(data, dict):
        raw = list(data.items())
    elif isinstance(data, list):
        raw = [(None, entry) for entry in data]
    else:
        raise ParameterError("a grid must be a list of parameter mappings", path=path)
    if not raw:
        raise ParameterError("the grid is empty", path=path, hint="list at least one parameter set")
    names, sets = [], []
    for i, (name, entry) in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise ParameterError(f"grid entry {i} is not a mapping of name: value", path=path)
        entry = dict(entry)
        name = name or entry.pop(NAME_KEY, None) or "_".join(
            f"{k}={v}" for k, v in entry.items()) or f"set{i}"
        names.append(str(name))
        sets.append(entry)
    return [BatchItem(n, s) for n, s in zip(_unique(names), sets, strict=True)]


def _run_one(notebook: str, out: str, parameters: dict[str, Any], name: str,
             timeout: float | None) -> ReportResult:
    """Run one report; failures come back as a result, never as an exception.

    An interruption (Ctrl-C, :class:`~framing.report.ReportStopped`) propagates:
    in the batch's own process it stops the batch.
    """
    start = time.perf_counter()
    try:
        return run_report(notebook, out, parameters, timeout=timeout, name=name)
    except (FramingError, OSError, RuntimeError, ValueError) as err:
        return ReportResult(name, "failed", Path(out), None, Path(out) / f"{Path(notebook).stem}.ipynb",
                            time.perf_counter() - start, str(err))


#: Seconds the workers of an interrupted batch get to record ``interrupted`` in their
#: reports' ``run.json`` and exit before they are killed (writing a small JSON file
#: takes milliseconds; the margin covers a busy machine).
STOP_GRACE_SECONDS = 30.0

_worker_state = {"running": False, "stopped": ""}  # in each worker process


def _worker_init() -> None:
    """Worker set-up: SIGTERM stops the running report (recorded ``interrupted``) and the
    reports queued to this worker after it (not started)."""
    signal.signal(signal.SIGTERM, _worker_signal)


def _worker_signal(signum: int, frame: Any) -> None:
    _worker_state["stopped"] = f"stopped by signal {signal.Signals(signum).name}"
    if _worker_state["running"]:
        raise_stopped(signum, frame)


def _run_in_worker(notebook: str, out: str, parameters: dict[str, Any], name: str,
                   timeout: float | None) -> ReportResult:
    """Worker: :func:`_run_one`; after an interruption, this and later reports come back
    ``interrupted`` instead of running."""
    if _worker_state["stopped"]:
        return ReportResult(name, "interrupted", Path(out), None, None, 0.0,
                            f"not started ({_worker_state['stopped']})")
    start = time.perf_counter()
    _worker_state["running"] = True
    try:
        return _run_one(notebook, out, parameters, name, timeout)
    except KeyboardInterrupt as err:
        _worker_state["stopped"] = _worker_state["stopped"] or str(err) or "interrupted"
        return ReportResult(name, "interrupted", Path(out), None, None, time.perf_counter() - start,
                            str(err) or "interrupted")
    finally:
        _worker_state["running"] = False


def run_batch(
    notebook: str | os.PathLike[str],
    out: str | os.PathLike[str],
    items: Sequence[BatchItem],
    *,
    base: Mapping[str, Any] | None = None,
    params_file: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    timeout: float | None = None,
) -> BatchResult:
    """Run one report per item into ``out/<item name>/``, ``jobs`` at a time.

    Parameters
    ----------
    notebook : str or path
        Report name or ``.ipynb`` path.
    out : str or path
        Batch folder.
    items : sequence of BatchItem
        From :func:`each_outlet`, :func:`read_grid` or built by hand; their
        values override ``base``, which overrides ``params_file``.
    base : mapping, optional
        Values shared by every report.
    params_file : path, optional
        YAML file of shared values.
    jobs : int
        Reports running at once (worker processes).
    timeout : float, optional
        Seconds a single cell may run.

    Returns
    -------
    BatchResult
        ``ok`` is false if any report failed; ``summary()`` tabulates them.

    Raises
    ------
    ParameterError, MissingFileError
        Before anything runs, if any item's parameters are invalid (names the item).
    """
    if not isinstance(jobs, int) or jobs < 1:
        raise ParameterError(f"jobs must be a positive integer, got {jobs!r}", field="--jobs",
                             hint="use --jobs 1 or more (default: all cores)")
    if not items:
        raise ParameterError("nothing to run: no parameter sets", field="items")
    path = find_notebook(notebook)
    params = notebook_parameters(path)
    shared = dict(read_params_file(params_file)) if params_file else {}
    shared.update(base or {})
    runs = []
    for item in items:
        merged = {**shared, **item.parameters}
        try:
            resolve_parameters(params, merged, notebook=path)
        except FramingError as err:
            raise type(err)(f"report {item.name!r}: {err.message}", path=err.path, line=err.line,
                            field=err.field, hint=err.hint) from None
        folder = Path(out).resolve() / item.name
        try:
            check_report_folder(folder, path.stem)
        except FramingError as err:
            raise type(err)(f"report {item.name!r}: {err.message}", field=err.field, hint=err.hint) from None
        runs.append((str(path), str(folder), merged, item.name, timeout))
    own = {item.name: dict(item.parameters) for item in items}
    start, started = time.perf_counter(), time.time()
    results: dict[str, ReportResult] = {}
    try:
        with stop_signals_interrupt():
            if jobs == 1 or len(runs) == 1:
                for run in progress(runs, total=len(runs), desc="reports", unit="report"):
                    results[run[3]] = _run_one(*run)
            else:
                _run_pool(runs, min(jobs, len(runs)), results)
    except KeyboardInterrupt as err:  # Ctrl-C, or SIGTERM/SIGHUP (ReportStopped)
        reason = str(err) or "interrupted"
        for run in runs:
            if run[3] not in results:
                results[run[3]] = _recorded_result(run[1], run[3], path.stem, reason, started)
        _write_index(BatchResult(Path(out).resolve(), tuple(results[run[3]] for run in runs),
                                 time.perf_counter() - start), path.stem, own)
        raise
    ordered = tuple(results[run[3]] for run in runs)
    batch = BatchResult(Path(out).resolve(), ordered, time.perf_counter() - start)
    _write_index(batch, path.stem, own)
    return batch


def _recorded_result(out: str, name: str, stem: str, reason: str, since: float) -> ReportResult:
    """The outcome of a report of an interrupted batch, as its ``run.json`` records it:
    ``ok`` or ``failed`` if it finished, else ``interrupted`` (``not started`` without a
    ``run.json`` started at ``since``, a :func:`time.time`, or later)."""
    import json
    from datetime import datetime

    folder = Path(out)
    try:
        record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        fresh = datetime.fromisoformat(record["started"]).timestamp() >= since - 1  # ISO seconds
    except (OSError, ValueError, KeyError, TypeError):
        fresh = False
    if not fresh:  # none, or a previous batch's
        return ReportResult(name, "interrupted", folder, None, None, 0.0, f"not started ({reason})")
    seconds = float((record.get("timings") or {}).get("total_s") or 0.0)
    if record.get("status") == "ok" and (folder / f"{stem}.html").is_file():
        return ReportResult(name, "ok", folder, folder / f"{stem}.html", folder / f"{stem}.ipynb", seconds)
    if record.get("status") == "failed":
        return ReportResult(name, "failed", folder, None, None, seconds,
                            str((record.get("error") or {}).get("message") or "failed"))
    return ReportResult(name, "interrupted", folder, None, None, seconds, reason)


def _run_pool(runs: list[tuple], workers: int, results: dict[str, ReportResult]) -> None:
    """Run ``runs`` in ``workers`` processes, filling ``results`` as they finish.

    When the batch is interrupted, each worker gets SIGTERM, so that its report
    records ``interrupted`` in its ``run.json`` and removes its lock (a worker
    left running would go on past the batch's time limit), and reports not yet
    started are cancelled.
    """
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_worker_init)
    try:
        futures = {pool.submit(_run_in_worker, *run): run for run in runs}
        for future in progress(as_completed(futures), total=len(futures), desc="reports", unit="report"):
            run = futures[future]
            try:
                results[run[3]] = future.result()
            except Exception as err:  # a worker that died (killed, out of memory)
                results[run[3]] = ReportResult(run[3], "failed", Path(run[1]), None, None, 0.0,
                                               f"worker process failed: {type(err).__name__}: {err}")
    except KeyboardInterrupt:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: the worker's run_report records 'interrupted'
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
        raise
    pool.shutdown(wait=True)


def _write_index(batch: BatchResult, notebook: str, parameters: Mapping[str, Mapping[str, Any]]) -> None:
    """Write ``batch.json`` and ``index.html``: per report its status, error and own
    ``parameters`` (those of its item: the outlet of ``--each outlet`` as ``focus``, a
    grid entry's values), since folder names are made file-safe and unique
    ("Le Monde" and "Le/Monde" -> ``Le_Monde``, ``Le_Monde_2``)."""
    records = [{"name": r.name, "status": r.status, "seconds": r.seconds,
                "html": str(r.html.relative_to(batch.out_dir)) if r.html else None,
                "error": r.error, "parameters": dict(parameters.get(r.name) or {})}
               for r in batch.results]
    write_json({"notebook": notebook, "ok": batch.ok, "seconds": batch.seconds, "reports": records},
               batch.out_dir / "batch.json")
    rows = []
    for rec in records:
        link = (f'<a href="{html.escape(rec["html"])}">{html.escape(rec["name"])}</a>'
                if rec["html"] else html.escape(rec["name"]))
        given = "<br>".join(f"{html.escape(str(k))} = {html.escape(str(v))}"
                            for k, v in rec["parameters"].items() if k != "title")
        rows.append(f"<tr><td>{link}</td><td>{given}</td><td>{html.escape(rec['status'])}</td>"
                    f"<td>{rec['seconds']:.1f}</td><td>{html.escape(rec['error'] or '')}</td></tr>")
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
            f"{html.escape(notebook)} reports</title><style>body{{font-family:sans-serif;margin:2em}}"
            "td,th{padding:2px 10px;text-align:left;vertical-align:top}</style></head><body>"
            f"<h1>{html.escape(notebook)}: {len(records)} reports</h1><table><thead><tr><th>report</th>"
            f"<th>parameters</th><th>status</th><th>seconds</th><th>error</th></tr></thead><tbody>{''.join(rows)}"
            "</tbody></table></body></html>")
    with atomic_path(batch.out_dir / "index.html") as tmp:
        tmp.write_text(page, encoding="utf-8")


def format_summary(batch: BatchResult) -> str:
    """The summary table as text, one line per report, for the terminal."""
    lines = []
    for r in batch.results:
        detail = str(r.html) if r.status == "ok" else (r.error or "")
        lines.append((r.name, r.status, f"{r.seconds:.1f}", detail))
    widths = [max(len(x[i]) for x in [("report", "status", "seconds", ""), *lines]) for i in range(3)]
    text = [f"{'report':<{widths[0]}}  {'status':<{widths[1]}}  {'seconds':>{widths[2]}}  html / error"]
    text += [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}  {d}" for a, b, c, d in lines]
    n_ok = sum(r.status == "ok" for r in batch.results)
    text.append(f"\n{n_ok} of {len(lines)} reports ok in {batch.seconds:.1f} s; "
                f"index: {batch.out_dir / 'index.html'}")
    return "\n".join(text)
