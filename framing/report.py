"""Report runs: parameterized notebooks executed with papermill, exported to HTML.

:func:`run_report` finds the notebook (:mod:`framing.report_notebook`), checks
and converts the parameters against its declarations before anything runs
(:mod:`framing.report_params`), injects the values as Python literals
(:func:`prepare_notebook`), executes the notebook on kernel ``python3`` with
progress bars off, and writes into the output folder the executed notebook, a
self-contained HTML file without code (:mod:`framing.report_html`), the
notebook's figures and tables, and ``run.json``.  One run holds the folder at a
time (:func:`report_lock`).  See ``docs/reports.md``.

The helpers the notebooks call live in :mod:`framing.report_tools`; the names of
the other report modules listed in ``__all__`` are re-exported here so existing
imports from ``framing.report`` keep working.
"""

from __future__ import annotations

import ast
import html
import json
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from framing.errors import EXIT_USAGE, FramingError, ParameterError, ReportError
from framing.io import atomic_path, write_json
from framing.report_html import external_references, notebook_html
from framing.report_notebook import (
    DOC_TAG,
    INJECTED_TAG,
    KERNEL_NAME,
    find_notebook,
    list_notebooks,
    notebook_problems,
    parameters_cell,
    read_notebook,
    strip_notebook,
)
from framing.report_params import (
    OUTPUT_DIR_PARAMETER,
    Parameter,
    ParamType,
    corpus_outlets,
    literal_safe,
    notebook_parameters,
    read_params_file,
    resolve_parameters,
)
from framing.report_tools import note, readable, save_figure, save_json, save_table, show_title

__all__ = [
    "ParamType", "Parameter", "ReportResult", "KERNEL_NAME", "OUTPUT_DIR_PARAMETER",
    "notebook_parameters", "find_notebook", "list_notebooks", "read_params_file",
    "resolve_parameters", "corpus_outlets", "prepare_notebook", "strip_notebook",
    "notebook_problems", "notebook_html", "external_references", "report_lock", "run_report",
    "check_report_folder", "ReportStopped", "stop_signals_interrupt",
    "save_figure", "save_table", "save_json", "show_title", "note", "readable",
]

logger = logging.getLogger(__name__)

#: Lock file in the report folder while a run writes into it (see :func:`report_lock`).
LOCK_NAME = ".framing-report.lock"
#: Environment of the kernel in report runs: no progress bars in the HTML.
KERNEL_ENV = {"FRAMING_PROGRESS": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
#: Kernel options: keep the kernel's own start-up log lines off the terminal.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]


# ------------------------------------------------------------------- injection


def _parameter_table(params: Mapping[str, Parameter], values: Mapping[str, Any]) -> str:
    rows = []
    for name, p in params.items():
        value = values.get(name)
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        rows.append(f"<tr><td><code>{html.escape(name)}</code></td>"
                    f"<td class=\"fr-value\">{html.escape(shown).replace(chr(10), '<br>')}</td>"
                    f"<td>{html.escape(str(p.type))}</td><td>{html.escape(p.comment)}</td></tr>")
    return ('<h2 id="parameters">Parameters</h2>'
            '<table class="framing-params"><thead><tr><th>name</th><th>value</th><th>type</th>'
            f'<th>meaning</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def prepare_notebook(nb, params: Mapping[str, Parameter], values: Mapping[str, Any]):
    """Return a copy of ``nb`` with ``values`` injected and the parameter table added.

    Values are written as Python literals with :func:`repr` after a check that
    they are plain literals, and read back with :func:`ast.literal_eval`: a
    value can never become code.
    """
    import copy

    import nbformat

    nb = copy.deepcopy(nb)
    index, _ = parameters_cell(nb, "notebook")
    lines = ["# Parameters (injected by framing report)"]
    for name, value in values.items():
        literal = repr(literal_safe(value, name))
        if ast.literal_eval(literal) != value:
            raise ReportError(f"value of {name!r} does not survive injection", field=name)
        lines.append(f"{name} = {literal}")
    source = "\n".join(lines) + "\n"
    ast.parse(source)
    injected = nbformat.v4.new_code_cell(source)
    injected.metadata["tags"] = [INJECTED_TAG]
    nb.cells = [c for c in nb.cells if INJECTED_TAG not in (c.get("metadata", {}).get("tags") or [])]
    nb.cells.insert(index + 1, injected)
    doc = nbformat.v4.new_markdown_cell(_parameter_table(params, values))
    doc.metadata["tags"] = [DOC_TAG]
    slots = [i for i, c in enumerate(nb.cells) if DOC_TAG in (c.get("metadata", {}).get("tags") or [])]
    if slots:
        nb.cells[slots[0]] = doc
    else:
        nb.cells.insert(index + 2, doc)
    nb.metadata.setdefault("papermill", {})["parameters"] = dict(values)
    return nb


# ------------------------------------------------------------------------ lock


@contextmanager
def report_lock(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold the report folder for one run (a lock file created with ``O_EXCL``).

    A second run on the same folder raises :class:`ReportError` naming the
    folder, the lock file and the run holding it.  A lock left by a process
    that no longer exists on this host is taken over.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    me = {"pid": os.getpid(), "host": socket.gethostname(),
          "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    for attempt in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _lock_holder(lock)
            if attempt == 0 and _is_stale(holder):
                logger.warning("removing stale report lock %s (pid %s is gone)", lock, holder.get("pid"))
                lock.unlink(missing_ok=True)
                continue
            who = f"pid {holder.get('pid', '?')} on {holder.get('host', '?')} since {holder.get('started', '?')}"
            raise ReportError(f"report folder {folder} is in use by another run ({who})", path=lock,
                              hint="wait for that run to finish, or use another --out; delete the "
                                   "lock file only if no run is active") from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(me, handle)
        break
    try:
        yield lock
    finally:
        if _lock_holder(lock).get("pid") == me["pid"]:
            lock.unlink(missing_ok=True)


def _lock_holder(lock: Path) -> dict[str, Any]:
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _is_stale(holder: Mapping[str, Any]) -> bool:
    pid = holder.get("pid")
    if not isinstance(pid, int) or holder.get("host") != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


# --------------------------------------------------------------------- signals


class ReportStopped(KeyboardInterrupt):
    """A run stopped by a signal (``SIGTERM`` from ``timeout``, cron or a scheduler).

    A :class:`KeyboardInterrupt`, so a run records ``interrupted`` in ``run.json``
    and removes its lock, as it does for Ctrl-C.  ``signum`` is the signal.
    """

    signum: int = signal.SIGTERM


#: Signals that stop a run as Ctrl-C does (SIGINT already raises KeyboardInterrupt).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def raise_stopped(signum: int, frame: Any) -> None:
    """Signal handler: raise :class:`ReportStopped` naming the signal."""
    error = ReportStopped(f"stopped by signal {signal.Signals(signum).name}")
    error.signum = signum
    raise error


@contextmanager
def stop_signals_interrupt() -> Iterator[None]:
    """While the block runs, :data:`STOP_SIGNALS` raise :class:`ReportStopped`.

    Without this, SIGTERM ends the process at once: ``run.json`` stays at
    ``running`` and the lock file stays.  Only in the main thread, and only for
    signals whose handler is the default one (a program that handles them itself
    keeps its handler).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {}
    for sig in STOP_SIGNALS:
        if signal.getsignal(sig) is signal.SIG_DFL:
            old[sig] = signal.signal(sig, raise_stopped)
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


# ----------------------------------------------------------------------- runs


@dataclass(frozen=True)
class ReportResult:
    """Outcome of one report run (``status`` ``ok`` or ``failed``; in a batch also
    ``interrupted``: stopped by a signal, or never started)."""

    name: str
    status: Literal["ok", "failed", "interrupted"]
    out_dir: Path
    html: Path | None
    notebook: Path | None
    seconds: float
    error: str | None = None
    outputs: dict = field(default_factory=dict)


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def check_report_folder(out: str | os.PathLike[str], stem: str) -> None:
    """Refuse a report folder that holds another notebook's report.

    Its ``run.json`` names the notebook of the last run.  A run of another
    notebook would delete that report's figures and tables (a folder holds one
    run's outputs) but not its HTML, which would then stand without its tables
    and provenance; deleting that HTML instead would silently destroy a report.

    Raises
    ------
    ParameterError
        Naming the folder, the report it holds and the fix.
    """
    folder = Path(out)
    try:
        record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        previous = str(record["notebook"]["name"])
    except (OSError, ValueError, KeyError, TypeError):
        return  # no run.json, or not one of ours: nothing to protect
    if previous != stem:
        listed = [name for name in (f"{previous}.html", f"{previous}.ipynb") if (folder / name).exists()]
        files = ", ".join([*listed, "run.json"])
        raise ParameterError(
            f"report folder {folder} holds a report of notebook {previous} ({files}); "
            f"a {stem} run there would leave it without its figures, tables and run.json",
            field="--out", hint=f"give {stem} another --out, or delete the folder's {previous} report first")


def _clear_outputs(out: Path, stem: str) -> None:
    for path in (out / f"{stem}.html", out / f"{stem}.ipynb", out / "provenance.json"):
        path.unlink(missing_ok=True)
    for sub, ext in (("figures", "*.png"), ("tables", "*.csv")):
        for path in (out / sub).glob(ext):
            path.unlink()


def _listing(out: Path) -> dict[str, list[str]]:
    return {sub: sorted(str(p.relative_to(out)) for p in (out / sub).glob(ext))
            for sub, ext in (("figures", "*.png"), ("tables", "*.csv"))}


def run_report(
    notebook: str | os.PathLike[str] = "outlet_comparison",
    out: str | os.PathLike[str] = "reports/report",
    parameters: Mapping[str, Any] | None = None,
    *,
    params_file: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    name: str | None = None,
) -> ReportResult:
    """Validate parameters, execute a report notebook and write its outputs.

    Parameters
    ----------
    notebook : str or path
        A report name (``outlet_comparison``, ``term_report``, ``explore``) or a
        ``.ipynb`` path.
    out : str or path
        Report folder: receives ``<notebook>.ipynb`` (executed), ``<notebook>.html``
        (no code, self-contained), ``figures/*.png``, ``tables/*.csv`` and
        ``run.json``.
    parameters : mapping, optional
        Values by name (text is converted by the declared type); they override
        ``params_file``.
    params_file : path, optional
        YAML file of ``name: value`` lines.
    timeout : float, optional
        Seconds a single cell may run (default: no limit).
    name : str, optional
        Name of the run in results and messages (default: the folder name).

    Returns
    -------
    ReportResult

    Raises
    ------
    ParameterError, MissingFileError
        Before anything runs, for bad parameters.
    ReportError
        If the folder is locked by another run, or a cell fails (the message
        names the notebook, the cell and the error; ``run.json`` says ``failed``
        and the executed notebook keeps the outputs so far).
    """
    t0 = time.perf_counter()
    path = find_notebook(notebook)
    nb = read_notebook(path)
    params = notebook_parameters(nb)
    given = dict(read_params_file(params_file)) if params_file else {}
    given.update(parameters or {})
    if OUTPUT_DIR_PARAMETER in given:
        raise ParameterError(f"{OUTPUT_DIR_PARAMETER!r} is set by the runner", field=OUTPUT_DIR_PARAMETER,
                             hint="choose the report folder with --out / out=")
    values = resolve_parameters(params, given, notebook=path)
    out_dir = Path(out).resolve()
    if OUTPUT_DIR_PARAMETER in params:
        values[OUTPUT_DIR_PARAMETER] = str(out_dir)
    stem, name = path.stem, name or out_dir.name
    executed, page, run_json = out_dir / f"{stem}.ipynb", out_dir / f"{stem}.html", out_dir / "run.json"
    check_report_folder(out_dir, stem)
    timings = {"validate_s": time.perf_counter() - t0}
    with stop_signals_interrupt(), report_lock(out_dir):
        check_report_folder(out_dir, stem)  # again, now that no other run can write there
        _clear_outputs(out_dir, stem)
        record = _run_record(path, params, values, given)
        write_json({**record, "status": "running"}, run_json)
        status, error, html_path = "failed", None, None
        try:
            t1 = time.perf_counter()
            try:
                _execute(prepare_notebook(nb, params, values), executed, timeout)
            finally:
                timings["execute_s"] = time.perf_counter() - t1
            t2 = time.perf_counter()
            text = notebook_html(read_notebook(executed), title=values.get("title") or stem)
            with atomic_path(page) as tmp:
                tmp.write_text(text, encoding="utf-8")
            timings["html_s"], status, html_path = time.perf_counter() - t2, "ok", page
        except ReportError as err:
            error = {"message": str(err), **getattr(err, "details", {})}
            raise
        except BaseException as err:
            status = "interrupted" if isinstance(err, KeyboardInterrupt) else "failed"
            error = {"message": f"{type(err).__name__}: {err}"}
            raise
        finally:
            timings["total_s"] = time.perf_counter() - t0
            analysis = out_dir / "provenance.json"
            write_json({**record, "status": status, "error": error, "timings": timings,
                        "finished": _now(), "outputs": {"notebook": executed.name if executed.exists() else None,
                                                        "html": page.name if html_path else None,
                                                        **_listing(out_dir)},
                        "analysis": json.loads(analysis.read_text("utf-8")) if analysis.is_file() else None},
                       run_json)
    return ReportResult(name, "ok", out_dir, html_path, executed, timings["total_s"], None, _listing(out_dir))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _run_record(path: Path, params: Mapping[str, Parameter], values: Mapping[str, Any],
                given: Mapping[str, Any]) -> dict[str, Any]:
    from framing.provenance import run_metadata, sha256_file

    files = {"notebook": path}
    for key in ("corpus", "targets", "stance_model"):
        if isinstance(values.get(key), str) and Path(values[key]).is_file():
            files[key] = values[key]
    for i, lex in enumerate(values.get("lexicons") or []):
        if isinstance(lex, str) and Path(lex).is_file():
            files[f"lexicon{i}"] = lex
    meta = run_metadata(parameters=values, files=files, seed=values.get("seed"))
    return {"notebook": {"name": path.stem, "path": str(path), "sha256": sha256_file(path)},
            "parameters": dict(values), "parameters_given": {k: v for k, v in given.items()},
            "parameter_types": {n: str(p.type) for n, p in params.items()},
            "started": _now(), "provenance": meta}


def _execute(nb, executed: Path, timeout: float | None) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _environment(KERNEL_ENV):
            papermill.execute_notebook(
                nb, str(executed), parameters=None, kernel_name=KERNEL_NAME, progress_bar=False,
                log_output=False, cwd=str(Path.cwd()), execution_timeout=timeout,
                extra_arguments=KERNEL_ARGS,
            )
    except PapermillExecutionError as err:
        source = (err.source or "").strip().splitlines()
        first = source[0][:80] if source else ""
        if err.ename in _framing_error_names():
            # framing's own error already says what is wrong and how to fix it ("(fix: ...)")
            error = ReportError(f"notebook {executed.stem}: cell {err.cell_index} raised {err.ename}: "
                                f"{err.evalue}")
            if err.ename in USAGE_ERROR_NAMES:  # a valid parameter that selects nothing: exit 2
                error.exit_code = EXIT_USAGE
        else:
            error = ReportError(
                f"notebook {executed.stem}: cell {err.cell_index} (execution {err.exec_count}, "
                f"'{first}') raised {err.ename}: {err.evalue}", path=executed,
                hint="open the executed notebook to see the traceback; run.json has the details",
            )
        error.details = {"cell_index": err.cell_index, "exec_count": err.exec_count,  # type: ignore[attr-defined]
                         "ename": err.ename, "evalue": err.evalue, "cell_source": err.source}
        raise error from None


#: Errors that, raised inside a report notebook, are the user's parameters' fault (a
#: valid value that selects nothing from this corpus): the run exits with code 2.
USAGE_ERROR_NAMES = frozenset({"ParameterError"})


def _framing_error_names() -> set[str]:
    """Class names of :class:`FramingError` and its subclasses (their messages carry the fix)."""
    names, todo = set(), [FramingError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names
