"""Report runs: parameterized notebooks executed with papermill, exported to HTML.

A report notebook declares its parameters in one cell tagged ``parameters``,
one typed, commented assignment per line::

    corpus: str = "../corpora/sample"  # folder or file to analyse
    n_boot: int = 1000                 # bootstrap resamples for the intervals
    voice: Literal["all", "author", "quoted"] = "all"  # whose words are counted

:func:`notebook_parameters` reads these declarations with :mod:`ast` (never by
executing the cell); :func:`resolve_parameters` checks names (unknown names are
rejected with the valid ones and a close match), converts values given as text
(command line, YAML) by the declared type (``-p version 1.10`` stays ``"1.10"``
for a ``str`` parameter), and checks paths and outlet names before anything runs.
:func:`run_report` then injects the values as Python literals, executes the
notebook on kernel ``python3`` with progress bars off, and writes into the output
folder the executed notebook, a self-contained HTML file without code, the
notebook's figures and tables, and ``run.json``.  See ``docs/reports.md``.

Notebook-side helpers (:func:`save_figure`, :func:`save_table`, :func:`save_json`,
:func:`show_title`, :func:`note`, :func:`readable`) write into the ``output_dir``
parameter the runner injects; with ``output_dir == ""`` (an interactive session)
they write nothing.
"""

from __future__ import annotations

import ast
import difflib
import html
import io
import json
import logging
import math
import os
import re
import socket
import time
import tokenize
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import yaml

from framing.errors import MissingFileError, ParameterError, ReportError
from framing.io import atomic_path, safe_name, write_csv, write_json

__all__ = [
    "ParamType", "Parameter", "ReportResult", "KERNEL_NAME", "OUTPUT_DIR_PARAMETER",
    "notebook_parameters", "find_notebook", "list_notebooks", "read_params_file",
    "resolve_parameters", "corpus_outlets", "prepare_notebook", "strip_notebook",
    "notebook_problems", "notebook_html", "external_references", "report_lock", "run_report",
    "save_figure", "save_table", "save_json", "show_title", "note", "readable",
]

logger = logging.getLogger(__name__)

#: Kernel the reports run on: in a virtual environment with ipykernel installed,
#: ``python3`` is that environment's interpreter (no kernelspec to register).
KERNEL_NAME = "python3"
PARAMETERS_TAG = "parameters"  # papermill's tag for the declaration cell
INJECTED_TAG = "injected-parameters"  # papermill's tag for the injected values
#: A markdown cell with this tag is replaced by the table of parameters in reports.
DOC_TAG = "parameters-doc"
#: Parameter the runner sets to the report folder (declared with default "").
OUTPUT_DIR_PARAMETER = "output_dir"
LOCK_NAME = ".framing-report.lock"
#: Environment of the kernel in report runs: no progress bars in the HTML.
KERNEL_ENV = {"FRAMING_PROGRESS": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
#: Kernel options: keep the kernel's own start-up log lines off the terminal.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]
#: Resolution of saved figures (dots per inch): sharp on screens, small files.
FIGURE_DPI = 120
#: Digits kept by :func:`readable` for display (the CSV tables keep all).
DISPLAY_DIGITS = 3
#: difflib ratio above which a name is offered as "did you mean".
SUGGEST_CUTOFF = 0.6

#: Parameters whose values must be outlets of the corpus (with the values that mean "none").
OUTLET_PARAMETERS = {"outlets": (), "reference": ("", "rest"), "focus": ("",), "outlet": ("",)}

_BOOL_WORDS = {"true": True, "yes": True, "on": True, "1": True,
               "false": False, "no": False, "off": False, "0": False}
_NONE_WORDS = {"none", "null", "~"}
_SCALARS = {"str": str, "int": int, "float": float, "bool": bool}
Kind = Literal["str", "int", "float", "bool", "list", "dict", "literal", "any"]


# ----------------------------------------------------------------- declarations


@dataclass(frozen=True)
class ParamType:
    """A declared parameter type: ``kind`` with element types or choices in ``args``."""

    kind: Kind
    args: tuple = ()
    optional: bool = False
    text: str = ""

    def __str__(self) -> str:
        return self.text or self.kind


@dataclass(frozen=True)
class Parameter:
    """One declaration of a notebook's ``parameters`` cell."""

    name: str
    type: ParamType
    default: Any
    comment: str = ""
    line: int = 0


def _bad_annotation(node: ast.AST, where: str) -> ParameterError:
    return ParameterError(f"unsupported parameter type {ast.unparse(node)!r}", path=where,
                          line=getattr(node, "lineno", None),
                          hint="use str, int, float, bool, list[str], dict, Literal[...], "
                               "Optional[...] or X | None")


def _parse_type(node: ast.AST, where: str) -> ParamType:
    text = ast.unparse(node)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _parse_type(ast.parse(node.value, mode="eval").body, where)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        parts = [node.left, node.right]
        rest = [p for p in parts if not (isinstance(p, ast.Constant) and p.value is None)]
        if len(rest) != 1:
            raise _bad_annotation(node, where)
        inner = _parse_type(rest[0], where)
        return ParamType(inner.kind, inner.args, True, text)
    if isinstance(node, (ast.Name, ast.Attribute)):
        name = node.id if isinstance(node, ast.Name) else node.attr
        name = {"List": "list", "Dict": "dict", "Any": "any"}.get(name, name)
        if name in _SCALARS or name in ("list", "dict", "any"):
            return ParamType(name, (), False, text)  # type: ignore[arg-type]
        raise _bad_annotation(node, where)
    if isinstance(node, ast.Subscript):
        base = node.value.id if isinstance(node.value, ast.Name) else getattr(node.value, "attr", "")
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if base == "Optional" and len(items) == 1:
            inner = _parse_type(items[0], where)
            return ParamType(inner.kind, inner.args, True, text)
        if base == "Union":
            rest = [i for i in items if not (isinstance(i, ast.Constant) and i.value is None)]
            if len(rest) == 1 and len(items) == 2:
                inner = _parse_type(rest[0], where)
                return ParamType(inner.kind, inner.args, True, text)
        if base in ("list", "List") and len(items) == 1:
            return ParamType("list", (_parse_type(items[0], where),), False, text)
        if base in ("dict", "Dict") and len(items) == 2:
            return ParamType("dict", tuple(_parse_type(i, where) for i in items), False, text)
        if base == "Literal":
            choices = tuple(ast.literal_eval(i) for i in items)
            return ParamType("literal", choices, False, text)
    raise _bad_annotation(node, where)


def _infer_type(value: Any) -> ParamType:
    if value is None:
        return ParamType("any", (), True, "Any")
    for name in ("bool", "int", "float", "str"):
        if type(value) is _SCALARS[name]:
            return ParamType(name, (), False, name)  # type: ignore[arg-type]
    return ParamType("list" if isinstance(value, list) else "dict" if isinstance(value, dict) else "any")


def _comments(source: str) -> dict[int, tuple[str, bool]]:
    """Line -> (comment text, whole-line comment?) of every comment in ``source``."""
    found: dict[int, tuple[str, bool]] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                whole = not tok.line[: tok.start[1]].strip()
                found[tok.start[0]] = (tok.string.lstrip("#").strip(), whole)
    except (tokenize.TokenError, IndentationError):
        pass
    return found


def _cell_source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _parameters_cell(nb: Mapping[str, Any], where: str) -> tuple[int, Mapping[str, Any]]:
    tagged = [(i, c) for i, c in enumerate(nb["cells"])
              if PARAMETERS_TAG in (c.get("metadata", {}).get("tags") or [])]
    if len(tagged) != 1:
        raise ParameterError(f"expected one cell tagged {PARAMETERS_TAG!r}, found {len(tagged)}",
                             path=where, hint="tag the cell with the typed defaults 'parameters'")
    return tagged[0]


def notebook_parameters(notebook: str | os.PathLike[str] | Mapping[str, Any]) -> dict[str, Parameter]:
    """The parameters a notebook declares, in declaration order.

    Parameters
    ----------
    notebook : path or notebook
        A ``.ipynb`` path or an already read notebook (``nbformat`` node or dict).

    Returns
    -------
    dict of str to Parameter
        Name, type, default (a Python literal), comment and line of each declaration.

    Raises
    ------
    ParameterError
        If there is not exactly one ``parameters`` cell, or a declaration is not
        ``name: type = literal`` with a supported type (names the line).
    """
    where = str(notebook) if isinstance(notebook, (str, os.PathLike)) else "notebook"
    nb = _read_notebook(notebook) if isinstance(notebook, (str, os.PathLike)) else notebook
    index, cell = _parameters_cell(nb, where)
    source = _cell_source(cell)
    where = f"{where} (cell {index})"
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise ParameterError(f"parameters cell is not valid Python: {err.msg}", path=where,
                             line=err.lineno) from None
    comments = _comments(source)
    params: dict[str, Parameter] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            name, ptype = node.target.id, _parse_type(node.annotation, where)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, ptype = node.targets[0].id, None
        else:
            raise ParameterError("parameters cell may only hold 'name: type = value' lines",
                                 path=where, line=node.lineno,
                                 hint="move other code to the next cell")
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise ParameterError(f"default of {name!r} is not a literal", path=where,
                                 line=node.lineno, hint="write a plain value") from None
        ptype = ptype or _infer_type(default)
        text = comments.get(node.end_lineno or node.lineno) or comments.get(node.lineno)
        if text is None or text[1]:  # no trailing comment: use a comment line just above
            above = comments.get(node.lineno - 1)
            text = above if above and above[1] else ("", True)
        params[name] = Parameter(name, ptype, default, text[0], node.lineno)
        try:
            _convert(ptype, default, name)
        except ParameterError:
            raise ParameterError(f"default {default!r} of {name!r} is not a {ptype}", path=where,
                                 line=node.lineno) from None
    return params


# ------------------------------------------------------------------- conversion


def _type_error(name: str, ptype: ParamType, value: Any, hint: str | None = None) -> ParameterError:
    return ParameterError(f"expected {ptype} for parameter {name!r}, got {value!r}",
                          field=name, hint=hint)


def _convert(ptype: ParamType, value: Any, name: str) -> Any:
    """Convert ``value`` (text from a command line or YAML, or a Python value) to ``ptype``."""
    if value is None or (ptype.optional and isinstance(value, str)
                         and value.strip().lower() in _NONE_WORDS):
        if ptype.optional or ptype.kind == "any":
            return None
        raise _type_error(name, ptype, value)
    kind = ptype.kind
    if kind == "str":
        if isinstance(value, str):
            return value
        raise _type_error(name, ptype, value, "quote the value in YAML so it stays text")
    if kind in ("int", "float"):
        if isinstance(value, bool):
            raise _type_error(name, ptype, value)
        if isinstance(value, str):
            try:
                value = int(value.strip()) if kind == "int" else float(value.strip())
            except ValueError:
                raise _type_error(name, ptype, value, f"give a number like {'5' if kind == 'int' else '0.5'}") from None
        if kind == "int" and isinstance(value, int):
            return value
        if kind == "float" and isinstance(value, (int, float)):
            if not math.isfinite(value):
                raise _type_error(name, ptype, value, "give a finite number")
            return float(value)
        raise _type_error(name, ptype, value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
            return _BOOL_WORDS[value.strip().lower()]
        raise _type_error(name, ptype, value, "give true or false")
    if kind == "literal":
        for choice in ptype.args:
            if value == choice or (isinstance(value, str) and str(choice) == value.strip()):
                return choice
        close = difflib.get_close_matches(str(value), [str(c) for c in ptype.args], 1, SUGGEST_CUTOFF)
        hint = (f"did you mean {close[0]!r}? " if close else "") + \
            "choices: " + ", ".join(map(str, ptype.args))
        raise _type_error(name, ptype, value, hint)
    if kind == "list":
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                value = _yaml_text(text, name)
            else:
                value = [v.strip() for v in text.split(",") if v.strip()]
        if not isinstance(value, (list, tuple)):
            raise _type_error(name, ptype, value, "give a list: a,b or [a, b]")
        elem = ptype.args[0] if ptype.args else ParamType("any")
        return [_convert(elem, v, name) for v in value]
    if kind == "dict":
        if isinstance(value, str):
            value = _yaml_text(value, name) if value.strip() else {}
        if not isinstance(value, Mapping):
            raise _type_error(name, ptype, value, 'give a mapping, e.g. \'{"text": "content"}\'')
        key_t, val_t = ptype.args if ptype.args else (ParamType("str"), ParamType("any"))
        return {_convert(key_t, k, name): _convert(val_t, v, name) for k, v in value.items()}
    return _literal_safe(value, name)


def _literal_safe(value: Any, name: str) -> Any:
    """Check that ``value`` is made of plain literals (it is injected as Python source)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, (list, tuple)):
        return [_literal_safe(v, name) for v in value]
    if isinstance(value, Mapping):
        return {_literal_safe(k, name): _literal_safe(v, name) for k, v in value.items()}
    raise ParameterError(f"value of {name!r} is not a plain literal: {value!r}", field=name)


def _yaml_text(text: str, name: str) -> Any:
    try:  # BaseLoader keeps every scalar as text: types come from the declaration
        return yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as err:
        raise ParameterError(f"cannot parse value of {name!r}: {err}", field=name) from None


def read_params_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a YAML (or JSON) file of parameter values, keeping scalars as text.

    Scalars are converted later by the declared type, so ``version: 1.10`` stays
    ``"1.10"`` for a ``str`` parameter and becomes ``1.1`` for a ``float`` one.
    """
    p = Path(path)
    if not p.is_file():
        raise MissingFileError("parameters file not found", path=p, hint="give a YAML file of name: value lines")
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ParameterError(f"invalid YAML: {getattr(err, 'problem', err)}", path=p,
                             line=mark.line + 1 if mark else None) from None
    if data in (None, ""):
        return {}
    if not isinstance(data, dict):
        raise ParameterError("a parameters file must be a mapping of name: value", path=p)
    return data


# ------------------------------------------------------------------- validation


def _unknown_name(name: str, valid: list[str], where: str) -> ParameterError:
    close = difflib.get_close_matches(name, valid, 1, SUGGEST_CUTOFF)
    mean = f" (did you mean {close[0]!r}?)" if close else ""
    return ParameterError(f"unknown parameter {name!r}{mean}", path=where, field=name,
                          hint="valid parameters: " + ", ".join(valid))


def corpus_outlets(corpus: str | os.PathLike[str], columns: Mapping[str, str] | None = None,
                   outlet: str | None = None) -> list[str]:
    """Sorted outlet names of a corpus (read without cleaning the texts)."""
    from framing.sources import SourceOptions, iter_items

    options = SourceOptions(columns=dict(columns or {}), outlet=outlet or None)
    found = {str(item.fields.get("outlet")) for item in iter_items(corpus, options)
             if item.error is None and item.fields.get("outlet") not in (None, "")}
    return sorted(found)


def _check_outlets(names: list[str], available: list[str], field_name: str, corpus: str) -> None:
    for name in names:
        if name not in available:
            close = difflib.get_close_matches(name, available, 1, SUGGEST_CUTOFF)
            mean = f" (did you mean {close[0]!r}?)" if close else ""
            raise ParameterError(f"unknown outlet {name!r} in {field_name!r}{mean}", field=field_name,
                                 hint=f"outlets in {corpus}: " + ", ".join(available))


def _resolve_path(value: str, base: Path) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (base / path)


def _check_roles(values: dict[str, Any], given: set[str], notebook_dir: Path) -> None:
    """Check (and make absolute) the parameters with a known meaning, in place."""
    from framing.lexicon import list_builtin_lexicons
    from framing.sources import FIELDS
    from framing.targets import BUILTIN_TARGETS

    def base(name: str) -> Path:  # given values are relative to the caller, defaults to the notebook
        return Path.cwd() if name in given else notebook_dir

    if isinstance(values.get("corpus"), str):
        path = _resolve_path(values["corpus"], base("corpus"))
        if not path.exists():
            raise MissingFileError("corpus not found", path=values["corpus"], field="corpus",
                                   hint="give a corpus folder (<root>/<outlet>/*.txt) or a table file")
        values["corpus"] = str(path.resolve())
    if isinstance(values.get("targets"), str) and values["targets"]:
        path = _resolve_path(values["targets"], base("targets"))
        if path.is_file():
            values["targets"] = str(path.resolve())
        elif values["targets"] not in BUILTIN_TARGETS:
            raise MissingFileError("targets file not found", path=values["targets"], field="targets",
                                   hint="give a YAML targets file or a built-in list: "
                                        + ", ".join(sorted(BUILTIN_TARGETS)))
    if isinstance(values.get("lexicons"), list):
        builtins = list_builtin_lexicons()
        resolved = []
        for lex in values["lexicons"]:
            path = _resolve_path(str(lex), base("lexicons"))
            if path.is_file():
                resolved.append(str(path.resolve()))
            elif str(lex).partition("@")[0] in builtins:
                resolved.append(lex)
            else:
                raise MissingFileError("lexicon not found", path=lex, field="lexicons",
                                       hint="give a lexicon file or a built-in name: " + ", ".join(builtins))
        values["lexicons"] = resolved
    if isinstance(values.get("columns"), dict):
        unknown = sorted(set(values["columns"]) - set(FIELDS))
        if unknown:
            raise ParameterError(f"unknown field(s) {', '.join(unknown)} in 'columns'", field="columns",
                                 hint="fields are: " + ", ".join(FIELDS))
    dates = {}
    for name in ("date_from", "date_to"):
        if isinstance(values.get(name), str) and values[name].strip():
            try:
                dates[name] = datetime.fromisoformat(values[name].strip())
            except ValueError:
                raise ParameterError(f"{name} must be an ISO date like 2024-04-01, got {values[name]!r}",
                                     field=name) from None
    if len(dates) == 2 and dates["date_from"] > dates["date_to"]:
        raise ParameterError("date_from is after date_to", field="date_from", hint="swap the dates")
    wanted: dict[str, list[str]] = {}
    for name, skip in OUTLET_PARAMETERS.items():
        value = values.get(name)
        if isinstance(value, list):
            wanted[name] = [str(v) for v in value]
        elif isinstance(value, str) and value not in skip:
            wanted[name] = [value]
    if any(wanted.values()) and isinstance(values.get("corpus"), str):
        columns = values.get("columns") if isinstance(values.get("columns"), dict) else None
        available = corpus_outlets(values["corpus"], columns)
        for name, names in wanted.items():
            _check_outlets(names, available, name, values["corpus"])


def resolve_parameters(
    params: Mapping[str, Parameter],
    given: Mapping[str, Any] | None = None,
    *,
    notebook: str | os.PathLike[str] = "notebook",
    check: bool = True,
) -> dict[str, Any]:
    """Validate and convert parameter values against a notebook's declarations.

    Parameters
    ----------
    params : mapping of str to Parameter
        From :func:`notebook_parameters`.
    given : mapping, optional
        Values to set: text (converted by the declared type) or Python values
        (checked against it).
    notebook : path
        The notebook (named in errors; relative default paths start from its folder).
    check : bool
        Also check parameters with a known meaning: ``corpus`` (exists),
        ``targets`` and ``lexicons`` (files or built-in names), ``columns``
        (known fields), ``date_from``/``date_to`` (ISO dates), and the names in
        :data:`OUTLET_PARAMETERS` (outlets of the corpus).  Paths come back absolute.

    Returns
    -------
    dict
        Every declared parameter with its final value.

    Raises
    ------
    ParameterError
        Unknown name (with the valid names and a close match), wrong type, bad
        choice, unknown outlet.
    MissingFileError
        A corpus, targets or lexicon path that does not exist.
    """
    given = dict(given or {})
    valid = [n for n in params if n != OUTPUT_DIR_PARAMETER]
    for name in given:
        if name not in params:
            raise _unknown_name(name, valid, str(notebook))
    values = {n: p.default for n, p in params.items()}
    for name, value in given.items():
        try:
            values[name] = _convert(params[name].type, value, name)
        except ParameterError as err:
            comment = params[name].comment
            hint = "; ".join(h for h in (err.hint, comment and f"{name}: {comment}") if h)
            raise ParameterError(err.message, path=str(notebook), field=name, hint=hint or None) from None
    if check:
        _check_roles(values, set(given), Path(notebook).resolve().parent)
    return values


# ------------------------------------------------------------------- notebooks


def _import_jupyter() -> None:
    """Import nbformat (and through it jsonschema) without ``rfc3987_syntax``.

    jsonschema imports ``rfc3987_syntax`` for its ``iri`` format checker, which
    builds dozens of Earley parsers at import time (2-10 s here; see
    python-jsonschema/jsonschema#1428); no notebook schema uses that format.  The
    import is blocked only while jsonschema loads, and only if it is not loaded yet.
    """
    import sys

    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import nbformat  # noqa: F401
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import nbformat  # noqa: F401
    finally:
        if sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]


def _read_notebook(path: str | os.PathLike[str]):
    _import_jupyter()
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise MissingFileError("notebook not found", path=path) from None
    except Exception as err:  # nbformat raises several unrelated types for bad files
        raise ReportError(f"cannot read notebook: {err}", path=path,
                          hint="check that it is a valid .ipynb file") from None


def _notebook_dirs() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [Path.cwd() / "notebooks", here.parent / "notebooks"]


def list_notebooks() -> list[str]:
    """Names of the report notebooks found in ``./notebooks`` and the source checkout."""
    return sorted({p.stem for d in _notebook_dirs() if d.is_dir() for p in d.glob("*.ipynb")})


def find_notebook(notebook: str | os.PathLike[str]) -> Path:
    """A notebook path from a path or a name (``outlet_comparison``)."""
    path = Path(notebook)
    if path.suffix == ".ipynb" or path.exists():
        if not path.is_file():
            raise MissingFileError("notebook not found", path=path,
                                   hint="report notebooks: " + ", ".join(list_notebooks()))
        return path.resolve()
    for folder in _notebook_dirs():
        candidate = folder / f"{path.name}.ipynb"
        if candidate.is_file():
            return candidate.resolve()
    names = list_notebooks()
    close = difflib.get_close_matches(str(notebook), names, 1, SUGGEST_CUTOFF)
    mean = f" (did you mean {close[0]!r}?)" if close else ""
    raise MissingFileError(f"no report notebook named {str(notebook)!r}{mean}", field="NOTEBOOK",
                           hint="report notebooks: " + ", ".join(names) + "; or give a .ipynb path")


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
    index, _ = _parameters_cell(nb, "notebook")
    lines = ["# Parameters (injected by framing report)"]
    for name, value in values.items():
        literal = repr(_literal_safe(value, name))
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


def strip_notebook(path: str | os.PathLike[str]) -> bool:
    """Remove outputs, execution counts and run metadata from a notebook file in place.

    Returns ``True`` if the file changed.  Cell tags and the kernelspec are kept.
    """
    import nbformat

    nb = _read_notebook(path)
    before = nbformat.writes(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in ("papermill", "execution", "ExecuteTime"):
            cell.metadata.pop(key, None)
    nb.metadata.pop("papermill", None)
    nb.cells = [c for c in nb.cells if INJECTED_TAG not in (c.metadata.get("tags") or [])]
    after = nbformat.writes(nb)
    if after != before:
        with atomic_path(path) as tmp:
            tmp.write_text(after + "\n", encoding="utf-8")
    return after != before


def notebook_problems(path: str | os.PathLike[str]) -> list[str]:
    """What keeps a notebook from being committed: outputs, counts, missing tag or kernelspec."""
    nb = _read_notebook(path)
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            problems.append(f"{path}: cell {i} has outputs or an execution count (run strip_notebook)")
    tagged = [c for c in nb.cells if PARAMETERS_TAG in (c.metadata.get("tags") or [])]
    if len(tagged) != 1:
        problems.append(f"{path}: {len(tagged)} cells tagged {PARAMETERS_TAG!r}, expected 1")
    if nb.metadata.get("kernelspec", {}).get("name") != KERNEL_NAME:
        problems.append(f"{path}: kernelspec is not {KERNEL_NAME!r}")
    return problems


# ------------------------------------------------------------------------ HTML

_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block extra_css %}<style type="text/css">
main {max-width: 1180px; margin: 0 auto; padding: 1em 1.5em 3em;}
.jp-Cell {padding: 0;} .jp-OutputArea-output {overflow-x: auto;}
nav.framing-toc {background: #f6f6f6; border: 1px solid #ddd; border-radius: 4px;
  padding: 0.6em 1.2em; margin: 1em 0 1.5em; font-family: sans-serif; font-size: 0.95em;}
nav.framing-toc ol {margin: 0.3em 0; padding-left: 1.4em;} nav.framing-toc ul {margin: 0; padding-left: 1.2em; list-style: circle;}
table.framing-params {margin-left: 0;} table.framing-params td, table.framing-params th {text-align: left; vertical-align: top;}
table.framing-params td.fr-value {white-space: pre-wrap; word-break: break-word; max-width: 40em;}
.framing-note {color: #444; font-style: italic; margin: 0.2em 0 1.2em;}
.jp-RenderedHTMLCommon table {font-size: 0.9em;}
table.framing-table {margin-left: 0;} table.framing-table th {text-align: left;}
</style>{% endblock extra_css %}
"""
_HEADING_RE = re.compile(r"<h([23])\b([^>]*)>(.*?)</h\1>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")
_EXTERNAL_RE = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//[^"'\s>]+"""
    r"""|@import\s+(?:url\()?["']?(?:https?:)?//""", re.I)


def external_references(text: str) -> list[str]:
    """Scripts, style sheets, images or frames an HTML text loads from the network."""
    return [m.group(0) for m in _EXTERNAL_RE.finditer(text)]


def _add_toc(text: str) -> str:
    entries, used = [], set()

    def visit(match: re.Match) -> str:
        level, attrs, inner = match.groups()
        label = html.unescape(_TAG_RE.sub("", inner)).replace("¶", "").strip()
        found = re.search(r'\bid="([^"]+)"', attrs)
        anchor = found.group(1) if found else None
        if anchor is None or anchor in used:
            anchor = safe_name(label.lower(), max_length=60) or "section"
            while anchor in used:
                anchor += "_"
            attrs = re.sub(r'\bid="[^"]*"', "", attrs) + f' id="{anchor}"'
        used.add(anchor)
        entries.append((level, anchor, label))
        return f"<h{level}{attrs}>{inner}</h{level}>"

    text = _HEADING_RE.sub(visit, text)
    if not entries:
        return text
    items, open_sub = [], False
    for level, anchor, label in entries:
        link = f'<a href="#{html.escape(anchor)}">{html.escape(label)}</a>'
        if level == "3" and items:
            items.append(("" if open_sub else "<ul>") + f"<li>{link}</li>")
            open_sub = True
            continue
        items.append(("</ul></li>" if open_sub else ("</li>" if items else "")) + f"<li>{link}")
        open_sub = False
    items.append("</ul></li>" if open_sub else "</li>")
    nav = f'<nav class="framing-toc"><b>Contents</b><ol>{"".join(items)}</ol></nav>'
    end_h1 = text.find("</h1>")
    at = end_h1 + len("</h1>") if end_h1 >= 0 else text.find("<main>") + len("<main>")
    return text[:at] + nav + text[at:]


def notebook_html(nb, *, title: str | None = None) -> str:
    """Self-contained HTML of an executed notebook: no code, prompts or network loads.

    Code cells without output (the set-up and parameter cells) are left out; a
    table of contents of the ``h2``/``h3`` headings follows the title; images are
    embedded as ``data:`` URIs; no script or style sheet is loaded from a CDN.
    """
    import copy

    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and not c.get("outputs"))
                and "papermill-error-cell-tag" not in (c.metadata.get("tags") or [])]
    if title:
        nb.metadata["title"] = title
    exporter = HTMLExporter(
        template_name="lab", extra_loaders=[DictLoader({"framing_report.html.j2": _TEMPLATE})],
        template_file="framing_report.html.j2", exclude_input=True, exclude_input_prompt=True,
        exclude_output_prompt=True, embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    body = _add_toc(body)
    found = external_references(body)
    if found:
        logger.warning("report HTML loads from the network: %s", "; ".join(found[:3]))
    return body


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


# ----------------------------------------------------------------------- runs


@dataclass(frozen=True)
class ReportResult:
    """Outcome of one report run (``status`` ``ok`` or ``failed``)."""

    name: str
    status: Literal["ok", "failed"]
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


def _clear_outputs(out: Path, stem: str) -> None:
    for path in (out / f"{stem}.html", out / f"{stem}.ipynb", out / "provenance.json"):
        path.unlink(missing_ok=True)
    for sub, ext in (("figures", "*.png"), ("tables", "*.csv")):
        for path in (out / sub).glob(ext):
            path.unlink()


def _share(out: Path) -> None:
    """Give the report's files the permissions of ordinary new files (temporary files are private)."""
    mask = os.umask(0)
    os.umask(mask)
    for path in [out / "run.json", out / "provenance.json", *out.glob("*.html"), *out.glob("*.ipynb"),
                 *(out / "figures").glob("*.png"), *(out / "tables").glob("*.csv")]:
        if path.is_file():
            path.chmod(0o666 & ~mask)


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
    nb = _read_notebook(path)
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
    timings = {"validate_s": time.perf_counter() - t0}
    with report_lock(out_dir):
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
            text = notebook_html(_read_notebook(executed), title=values.get("title") or stem)
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
            _share(out_dir)
    return ReportResult(name, "ok", out_dir, html_path, executed, timings["total_s"], None, _listing(out_dir))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _run_record(path: Path, params: Mapping[str, Parameter], values: Mapping[str, Any],
                given: Mapping[str, Any]) -> dict[str, Any]:
    from framing.provenance import run_metadata, sha256_file

    files = {"notebook": path}
    for key in ("corpus", "targets"):
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
        error = ReportError(
            f"notebook {executed.stem}: cell {err.cell_index} (execution {err.exec_count}, "
            f"'{first}') raised {err.ename}: {err.evalue}", path=executed,
            hint="open the executed notebook to see the traceback; run.json has the details",
        )
        error.details = {"cell_index": err.cell_index, "exec_count": err.exec_count,  # type: ignore[attr-defined]
                         "ename": err.ename, "evalue": err.evalue, "cell_source": err.source}
        raise error from None


# ------------------------------------------------------------ notebook helpers


def save_figure(fig: Any, name: str, output_dir: str | os.PathLike[str] | None, *,
                dpi: int = FIGURE_DPI) -> Path | None:
    """Save a figure (or the figure of an Axes) as ``output_dir/figures/<name>.png``.

    Returns the path, or ``None`` when ``output_dir`` is empty (interactive use).
    """
    if not output_dir:
        return None
    figure = getattr(fig, "figure", None) if not hasattr(fig, "savefig") else fig
    if figure is None and hasattr(fig, "get_figure"):
        figure = fig.get_figure()
    if figure is None or not hasattr(figure, "savefig"):
        raise ParameterError(f"cannot save {type(fig).__name__} as a figure", field="fig",
                             hint="pass a matplotlib Figure or Axes")
    path = Path(output_dir) / "figures" / f"{safe_name(name)}.png"
    with atomic_path(path) as tmp:
        figure.savefig(tmp, format="png", dpi=dpi, bbox_inches="tight")
    return path


def save_table(frame: Any, name: str, output_dir: str | os.PathLike[str] | None) -> Path | None:
    """Save a frame as ``output_dir/tables/<name>.csv`` (full precision); ``None`` if no folder."""
    if not output_dir:
        return None
    return write_csv(frame, Path(output_dir) / "tables" / f"{safe_name(name)}.csv")


def save_json(data: Any, name: str, output_dir: str | os.PathLike[str] | None) -> Path | None:
    """Save ``data`` as ``output_dir/<name>.json``; ``None`` if no folder.

    A report's ``provenance.json`` saved this way is copied into ``run.json``.
    """
    if not output_dir:
        return None
    return write_json(data, Path(output_dir) / f"{safe_name(name)}.json")


def show_title(title: str, subtitle: str = ""):
    """The report title as an ``<h1>`` (escaped) with an optional subtitle line."""
    from framing.display import HTML

    sub = f'<p class="framing-note">{html.escape(subtitle)}</p>' if subtitle else ""
    return HTML(f'<h1 id="title">{html.escape(str(title))}</h1>{sub}')


def note(text: str):
    """A one-sentence explanation under a figure or table (escaped)."""
    from framing.display import HTML

    return HTML(f'<p class="framing-note">{html.escape(str(text))}</p>')


#: Rows shown by a :func:`readable` table (the saved CSV keeps them all).
DISPLAY_ROWS = 60


@dataclass(frozen=True)
class Table:
    """A frame shown for reading: no index, numbers rounded and aligned right, text escaped.

    ``frame`` is the (unrounded) data; Jupyter and the HTML reports show
    ``_repr_html_``, the terminal shows the frame's text form.
    """

    frame: Any
    digits: int = DISPLAY_DIGITS
    max_rows: int = DISPLAY_ROWS

    def _cell(self, value: Any) -> tuple[str, bool]:
        import numbers

        import pandas as pd

        if value is None or (not isinstance(value, (str, list, dict, tuple)) and pd.isna(value)):
            return "–", True
        if isinstance(value, bool):
            return str(value).lower(), False
        if isinstance(value, numbers.Integral):
            return f"{value:,}", True
        if isinstance(value, numbers.Real):
            if float(value).is_integer() and abs(value) >= 10 ** self.digits:
                return f"{value:,.0f}", True
            return f"{value:,.{self.digits}f}", True
        if isinstance(value, pd.Timestamp):
            return (value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)), False
        return str(value), False

    def _repr_html_(self) -> str:
        import pandas as pd

        frame = self.frame
        head = "".join(
            f'<th style="text-align:{"right" if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) else "left"}">'
            f"{html.escape(str(c))}</th>" for c in frame.columns)
        rows = []
        integral = {c for c in frame.columns if _integral_floats(frame[c])}
        for record in frame.head(self.max_rows).itertuples(index=False):
            cells = []
            for column, value in zip(frame.columns, record, strict=True):
                if column in integral and value == value:
                    value = int(value)
                text, numeric = self._cell(value)
                align = "right" if numeric else "left"
                cells.append(f'<td style="text-align:{align}">{html.escape(text)}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        more = (f'<p class="framing-note">showing {self.max_rows} of {len(frame):,} rows</p>'
                if len(frame) > self.max_rows else "")
        return (f'<table class="framing-table"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>{more}")

    def __repr__(self) -> str:
        return self.frame.head(self.max_rows).to_string(index=False)


def _integral_floats(series: Any) -> bool:
    import pandas as pd

    if not pd.api.types.is_float_dtype(series):
        return False
    values = series.dropna()
    return bool(len(values)) and bool((values == values.round()).all())


def readable(frame: Any, digits: int = DISPLAY_DIGITS, max_rows: int = DISPLAY_ROWS) -> Table:
    """A frame for reading in a report: ``digits`` decimals, counts as integers, no index.

    Every cell is escaped (text from articles, outlet and speaker names shows as
    text).  For reading only; :func:`save_table` keeps full precision.
    """
    return Table(frame.reset_index(drop=True), digits, max_rows)


def heading(text: str, level: int = 3):
    """A heading (escaped) for a data-dependent title inside a section; levels 2-3 enter the contents."""
    from framing.display import HTML

    level = min(max(int(level), 2), 6)
    return HTML(f"<h{level}>{html.escape(str(text))}</h{level}>")


# ------------------------------------------------------------- report analysis


def select_documents(scores: Any, *, outlets: list[str] | tuple[str, ...] = (), date_from: str = "",
                     date_to: str = "", min_docs: int = 1) -> Any:
    """The scores of the documents a report is about, every frame filtered alike.

    Parameters
    ----------
    scores : Scores
        From :func:`framing.score_corpus`.
    outlets : sequence of str
        Keep these outlets (empty: all).
    date_from, date_to : str
        ISO dates, inclusive; with either one, undated documents are left out.
    min_docs : int
        Leave out outlets with fewer documents (after the other filters).

    Returns
    -------
    Scores
        Same frames filtered by ``doc_id`` (the manifest is kept whole);
        ``metadata["selection"]`` records the filters and what they removed.
    """
    import dataclasses

    import pandas as pd

    docs = scores.documents
    before = len(docs)
    if outlets:
        docs = docs[docs["outlet"].isin(list(outlets))]
    dates = pd.to_datetime(docs["date"])
    undated = int(dates.isna().sum())
    if date_from:
        docs, dates = docs[dates >= pd.Timestamp(date_from)], dates[dates >= pd.Timestamp(date_from)]
    if date_to:
        end = pd.Timestamp(date_to) + pd.Timedelta(days=1)
        docs = docs[dates < end]
    counts = docs["outlet"].value_counts()
    small = sorted(counts[counts < min_docs].index.astype(str))
    docs = docs[~docs["outlet"].isin(small)]
    keep = set(docs["doc_id"])
    frames = {name: frame[frame["doc_id"].isin(keep)].reset_index(drop=True)
              for name, frame in scores.frames().items() if name not in ("documents", "manifest")}
    selection = {"outlets": list(outlets), "date_from": date_from, "date_to": date_to, "min_docs": min_docs,
                 "documents_before": before, "documents_after": len(docs),
                 "undated_left_out": undated if (date_from or date_to) else 0, "small_outlets_left_out": small}
    return dataclasses.replace(scores, documents=docs.reset_index(drop=True), **frames,
                               metadata={**scores.metadata, "selection": selection})


def corpus_overview(scores: Any, duplicates: Any = None) -> Any:
    """Per-outlet counts of a report's documents, with the manifest's rejections and duplicates.

    Columns ``outlet, documents, sentences, words, first_date, last_date, undated,
    rejected, duplicates`` (exact copies, from the manifest) and ``syndicated``
    (near-duplicate copies left out of the comparisons), plus a ``total`` row.
    """
    from framing.corpus import manifest_summary

    docs = scores.documents
    manifest = scores.manifest
    outlets = set(docs["outlet"].astype(str))
    manifest = manifest[manifest["outlet"].isna() | manifest["outlet"].astype(str).isin(outlets)]
    table = manifest_summary(docs, manifest)
    sentences = scores.sentences.merge(docs[["doc_id", "outlet"]], on="doc_id").groupby("outlet").size()
    table.insert(2, "sentences", table["outlet"].map(sentences).fillna(0).astype("int64"))
    copies = {}
    if duplicates is not None and len(duplicates):
        copies = duplicates[~duplicates["is_first"].astype(bool)].groupby("outlet").size()
    table["syndicated"] = table["outlet"].map(copies).fillna(0).astype("int64") if len(copies) else 0
    total = table["outlet"] == "total"
    table.loc[total, "sentences"] = int(table.loc[~total, "sentences"].sum())
    table.loc[total, "syndicated"] = int(table.loc[~total, "syndicated"].sum())
    return table


def top_speakers(hits: Any, documents: Any, *, n: int = 10, terms: int = 5) -> Any:
    """Named speakers whose quoted words contain the most loaded terms.

    Returns one row per speaker (the ``n`` with most hits): ``speaker, hits,
    documents, outlets`` (outlets quoting them, with hit counts) and ``top_terms``
    (their most frequent lexicon entries).
    """
    import pandas as pd

    quoted = hits[(hits["voice"] == "quoted") & hits["speaker"].notna()]
    quoted = quoted[quoted["speaker"].astype(str).str.strip() != ""]
    columns = ["speaker", "hits", "documents", "outlets", "top_terms"]
    if quoted.empty:
        return pd.DataFrame(columns=columns)
    quoted = quoted.merge(documents[["doc_id", "outlet"]], on="doc_id", how="left")
    rows = []
    for speaker, group in quoted.groupby("speaker", sort=False):
        by_outlet = group["outlet"].value_counts()
        rows.append({
            "speaker": speaker, "hits": len(group), "documents": group["doc_id"].nunique(),
            "outlets": ", ".join(f"{o} ({c})" for o, c in by_outlet.items()),
            "top_terms": ", ".join(group["entry"].value_counts().head(terms).index.astype(str)),
        })
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["hits", "speaker"], ascending=[False, True]).head(n).reset_index(drop=True)


#: Longest date span (days) drawn in weekly periods by :func:`choose_freq`; longer spans use months.
WEEKLY_MAX_DAYS = 16 * 7


def choose_freq(documents: Any, freq: str = "auto") -> str | None:
    """Period for time series: ``"W"`` or ``"M"``, or ``None`` when dates span one period only."""
    import pandas as pd

    dates = pd.to_datetime(documents["date"]).dropna()
    if dates.empty:
        return None
    if freq == "auto":
        freq = "W" if (dates.max() - dates.min()).days <= WEEKLY_MAX_DAYS else "M"
    periods = dates.dt.to_period("W-SUN" if freq == "W" else "M").nunique()
    return freq if periods >= 2 else None


def top_terms(distinctive: Any, *, n: int = 10, outlets: list[str] | None = None) -> Any:
    """The ``n`` most distinctive terms of each outlet (positive ``z`` only), one row per outlet."""
    import pandas as pd

    frame = distinctive[distinctive["z"] > 0]
    if outlets:
        frame = frame[frame["outlet"].isin(outlets)]
    rows = []
    for (outlet, reference), group in frame.groupby(["outlet", "reference"], sort=True):
        best = group.sort_values("z", ascending=False).head(n)
        rows.append({"outlet": outlet, "reference": reference,
                     "terms": ", ".join(f"{t} ({z:.1f})" for t, z in zip(best["term"], best["z"], strict=True))})
    return pd.DataFrame(rows, columns=["outlet", "reference", "terms"])


def term_hits(scores: Any, *, term: str = "", category: str = "", window: int | None = None) -> Any:
    """Hits of one lexicon term or category, or matches of any word or phrase, as a hits-like frame.

    A ``category`` keeps that category's hits; a ``term`` keeps hits whose entry or
    match equals it (``*`` suffix: a stem); a term no lexicon entry matched is
    searched in the texts, its voice and speaker taken from the quotes.  Returns
    :func:`framing.kwic.kwic` lines: the ``hits`` columns the statistics use
    (``doc_id, sent_id, start, end, match, entry, category, voice, speaker``) with
    ``outlet``, ``left`` and ``right``; ``category`` is the term itself for text
    matches.  ``window``: words of context (default: that of :func:`framing.kwic.kwic`).
    """
    from framing.kwic import kwic

    if not term and not category:
        raise ParameterError("give a term or a category", field="term", hint='e.g. term="regime"')
    context = {} if window is None else {"window": window}
    lines = kwic(scores.documents, scores.hits, term=term or None, category=category or None, **context)
    if lines.empty and not category:
        lines = kwic(scores.documents, term, quotes=scores.quotes, sentences=scores.sentences, **context)
        lines["entry"] = term
        lines["category"] = term
    lines["voice"] = lines["voice"].where(lines["voice"] != "mixed", "author")
    return lines.reset_index(drop=True)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if (record.levelname, message) not in self.messages:
            self.messages.append((record.levelname, message))


_COLLECTOR = _Collector()


def setup_notebook(*, dpi: int = 100, max_rows: int = 60) -> None:
    """Display settings for report notebooks, and collect ``framing`` log messages.

    Warnings and notes logged by ``framing`` (outlets left out of tests, undated
    documents...) are kept for :func:`log_notes` instead of being printed
    between figures.
    """
    import matplotlib
    import pandas as pd

    matplotlib.rcParams["figure.dpi"] = dpi
    pd.set_option("display.max_rows", max_rows)
    pd.set_option("display.max_colwidth", 200)
    pd.set_option("display.width", 200)
    log = logging.getLogger("framing")
    if _COLLECTOR not in log.handlers:
        log.addHandler(_COLLECTOR)
    log.setLevel(logging.INFO)
    log.propagate = False


def log_notes():
    """The messages ``framing`` logged since :func:`setup_notebook`, as an escaped list."""
    from framing.display import HTML

    if not _COLLECTOR.messages:
        return HTML('<p class="framing-note">No warnings were raised during the analysis.</p>')
    items = "".join(f"<li><b>{html.escape(level.lower())}</b>: {html.escape(text)}</li>"
                    for level, text in _COLLECTOR.messages)
    return HTML(f"<ul>{items}</ul>")


def show_figure(fig: Any, name: str, output_dir: str | os.PathLike[str] | None, caption: str = "") -> None:
    """Show a figure with ``caption`` under it, save it as ``figures/<name>.png``, close it.

    The PNG is rendered once and used for both the file and the display.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    figure = fig if hasattr(fig, "savefig") else fig.figure
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight")
    plt.close(figure)
    png = buffer.getvalue()
    if output_dir:
        with atomic_path(Path(output_dir) / "figures" / f"{safe_name(name)}.png") as tmp:
            tmp.write_bytes(png)
    display(Image(data=png, format="png"))
    if caption:
        display(note(caption))
