"""``framing report``: run a report notebook (or a batch of them) into HTML, figures and tables."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing.errors import EXIT_OK, EXIT_PROBLEMS, ParameterError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser(
        "report", help="run a report notebook into HTML, figures, tables and run.json",
        description="Execute a parameterized report notebook with papermill and write into --out "
                    "the executed notebook, a self-contained HTML report without code, "
                    "figures/*.png, tables/*.csv and run.json.  Parameters are checked against "
                    "the notebook's declarations before anything runs.  With --each or --grid, "
                    "one report per outlet or per parameter set, each in its own subfolder.",
        epilog="Examples: framing report --corpus corpora/sample --out reports/sample; "
               "framing report term_report --corpus corpora/sample -p term regime --out reports/regime; "
               "framing report --list-parameters",
    )
    p.add_argument("notebook", nargs="?", default="outlet_comparison", metavar="NOTEBOOK",
                   help="report name (outlet_comparison, term_report, explore) or .ipynb path "
                        "(default: outlet_comparison)")
    p.add_argument("--corpus", metavar="PATH", help="corpus folder or file (sets the corpus parameter)")
    p.add_argument("--out", metavar="DIR", help="report folder (default: reports/<NOTEBOOK>)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                   help="set a parameter; VALUE is converted by the declared type "
                        "(lists: a,b or [a, b]; dicts: '{\"text\": \"content\"}')")
    p.add_argument("-f", "--parameters-file", metavar="FILE.yaml", help="YAML file of name: value lines")
    p.add_argument("--each", choices=["outlet"], help="one report per outlet, against all the others")
    p.add_argument("--grid", metavar="FILE.yaml", help="one report per parameter set listed in FILE")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="reports run at once with --each/--grid")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="time limit for a single cell")
    p.add_argument("--list-parameters", action="store_true",
                   help="print the notebook's parameters (type, default, meaning) and exit")
    p.set_defaults(func=run)


def _given(args: argparse.Namespace) -> dict[str, str]:
    given: dict[str, str] = {}
    for name, value in args.parameter:
        if name in given:
            raise ParameterError(f"parameter {name!r} given twice", field="-p")
        given[name] = value
    if args.corpus is not None:
        if "corpus" in given:
            raise ParameterError("corpus given both as --corpus and -p corpus", field="--corpus")
        given["corpus"] = args.corpus
    return given


def _list_parameters(notebook: str) -> int:
    import json

    from framing.report_notebook import find_notebook
    from framing.report_params import notebook_parameters

    path = find_notebook(notebook)
    params = notebook_parameters(path)
    width = max((len(n) for n in params), default=4)
    print(f"parameters of {path}:")
    for name, p in params.items():
        default = repr(p.default) if isinstance(p.default, str) else json.dumps(p.default)
        print(f"  {name:<{width}}  {p.type!s:<22} = {default:<24}  {p.comment}")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Handler of ``framing report``."""
    if args.list_parameters:
        return _list_parameters(args.notebook)
    if args.each and args.grid:
        raise ParameterError("give --each or --grid, not both", field="--grid")
    given = _given(args)
    out = args.out or str(Path("reports") / Path(args.notebook).stem)
    if args.each or args.grid:
        from framing.report_batch import each_outlet, format_summary, read_grid, run_batch

        items = (each_outlet(args.notebook, given, params_file=args.parameters_file) if args.each
                 else read_grid(args.grid))
        try:
            batch = run_batch(args.notebook, out, items, base=given, params_file=args.parameters_file,
                              jobs=args.jobs, timeout=args.timeout)
        except KeyboardInterrupt as err:
            return _stopped(err, Path(out) / "batch.json")
        print(format_summary(batch))
        return EXIT_OK if batch.ok else EXIT_PROBLEMS
    from framing.report import run_report

    try:
        result = run_report(args.notebook, out, given, params_file=args.parameters_file,
                            timeout=args.timeout)
    except KeyboardInterrupt as err:
        return _stopped(err, Path(out) / "run.json")
    print(f"report: {result.html}  ({result.seconds:.1f} s)", file=sys.stdout)
    return EXIT_OK


def _stopped(err: KeyboardInterrupt, record: Path) -> int:
    """Say that the run was stopped and where that is recorded; exit code 128 + the signal's number.

    SIGTERM/SIGHUP (:class:`framing.report.ReportStopped`) and Ctrl-C (SIGINT, 130) alike.
    """
    import signal

    signum = int(getattr(err, "signum", signal.SIGINT))
    print(f"{err or 'interrupted'}; {record} says interrupted", file=sys.stderr)
    return 128 + signum
