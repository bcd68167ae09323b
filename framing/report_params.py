"""Report parameters: declarations read from a notebook, conversion of given values, validation.

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
"""

from __future__ import annotations

import ast
import io
import math
import os
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import yaml

from framing.errors import MissingFileError, ParameterError, closest_name, did_you_mean
from framing.report_notebook import parameters_cell, read_notebook

__all__ = [
    "ParamType", "Parameter", "OUTPUT_DIR_PARAMETER", "OUTLET_PARAMETERS", "notebook_parameters",
    "PARAMETER_MINIMUMS", "read_params_file", "read_yaml_text", "resolve_parameters", "corpus_outlets", "check_outlets",
    "literal_safe",
]

#: Parameter the runner sets to the report folder (declared with default "").
OUTPUT_DIR_PARAMETER = "output_dir"

#: Parameters whose values must be outlets of the corpus (with the values that mean "none").
OUTLET_PARAMETERS = {"outlets": (), "reference": ("", "rest"), "focus": ("",), "outlet": ("",)}

#: Numeric parameters with a known meaning, and the smallest value that makes
#: sense, checked whenever a notebook declares them: counts of resamples,
#: permutations, documents, outlets, terms and lines need at least 1 (0 fails
#: inside the executed notebook, or empties a section silently), worker
#: processes at least 1, and a random seed is a non-negative integer
#: (:func:`numpy.random.SeedSequence`); ``article`` is a row of the documents table, from 0
#: (a negative row would silently pick one from the end).
PARAMETER_MINIMUMS = {"n_boot": 1, "n_perm": 1, "min_docs": 1, "max_outlets": 1, "top_terms": 1,
                      "kwic_lines": 1, "jobs": 1, "seed": 0, "article": 0}

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
    nb = read_notebook(notebook) if isinstance(notebook, (str, os.PathLike)) else notebook
    index, cell = parameters_cell(nb, where)
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
        close = closest_name(value, ptype.args)
        hint = (f"did you mean {close!r}? " if close else "") + \
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
    return literal_safe(value, name)


def literal_safe(value: Any, name: str) -> Any:
    """Check that ``value`` is made of plain literals (it is injected as Python source)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, (list, tuple)):
        return [literal_safe(v, name) for v in value]
    if isinstance(value, Mapping):
        return {literal_safe(k, name): literal_safe(v, name) for k, v in value.items()}
    raise ParameterError(f"value of {name!r} is not a plain literal: {value!r}", field=name)


def _yaml_text(text: str, name: str) -> Any:
    try:  # BaseLoader keeps every scalar as text: types come from the declaration
        return yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as err:
        raise ParameterError(f"cannot parse value of {name!r}: {err}", field=name) from None


def read_yaml_text(path: str | os.PathLike[str], *, missing: str, hint: str,
                   field: str | None = None) -> Any:
    """Parse a YAML file keeping every scalar as text (types come from the declarations).

    Raises :class:`MissingFileError` (message ``missing``, with ``field`` and
    ``hint``) if there is no such file, and :class:`ParameterError` with the
    line for invalid YAML.
    """
    p = Path(path)
    if not p.is_file():
        raise MissingFileError(missing, path=p, field=field, hint=hint)
    try:
        return yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ParameterError(f"invalid YAML: {getattr(err, 'problem', err)}", path=p,
                             line=mark.line + 1 if mark else None, field=field,
                             hint=f"fix the YAML at that line; {hint}") from None


def read_params_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a YAML (or JSON) file of parameter values, keeping scalars as text.

    Scalars are converted later by the declared type, so ``version: 1.10`` stays
    ``"1.10"`` for a ``str`` parameter and becomes ``1.1`` for a ``float`` one.
    """
    p = Path(path)
    data = read_yaml_text(p, missing="parameters file not found",
                          hint="give a YAML file of name: value lines")
    if data in (None, ""):
        return {}
    if not isinstance(data, dict):
        raise ParameterError("a parameters file must be a mapping of name: value", path=p)
    return data


# ------------------------------------------------------------------- validation


def _unknown_name(name: str, valid: list[str], where: str) -> ParameterError:
    mean = did_you_mean(closest_name(name, valid))
    return ParameterError(f"unknown parameter {name!r}{mean}", path=where, field=name,
                          hint="valid parameters: " + ", ".join(valid))


def corpus_outlets(corpus: str | os.PathLike[str], columns: Mapping[str, str] | None = None,
                   outlet: str | None = None) -> list[str]:
    """Sorted outlet names of a corpus (read without cleaning the texts)."""
    return sorted(set(_item_outlets(corpus, columns, outlet)))


def _item_outlets(corpus: str | os.PathLike[str], columns: Mapping[str, str] | None = None,
                  outlet: str | None = None) -> list[str]:
    """The outlet of every readable item with an outlet (read without cleaning the texts)."""
    from framing.sources import SourceOptions, iter_items

    options = SourceOptions(columns=dict(columns or {}), outlet=outlet or None)
    return [str(item.fields.get("outlet")) for item in iter_items(corpus, options)
            if item.error is None and item.fields.get("outlet") not in (None, "")]


def check_outlets(names: list[str], available: list[str], field_name: str, corpus: str) -> None:
    """:class:`ParameterError` for the first of ``names`` not in ``available``, naming the
    parameter ``field_name``, the closest outlet and every outlet of ``corpus`` (the one
    "unknown outlet" check of reports, ``kwic`` and ``framing kwic``)."""
    for name in names:
        if name not in available:
            mean = did_you_mean(closest_name(name, available))
            raise ParameterError(f"unknown outlet {name!r} in {field_name!r}{mean}", field=field_name,
                                 hint=f"outlets in {corpus}: " + ", ".join(available))


def _resolve_path(value: str, base: Path) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (base / path)


def _check_stance_model(values: dict[str, Any], base: Path) -> None:
    """A ``stance_model`` must be a model file (checked without loading it) and needs targets."""
    from framing.errors import ModelError
    from framing.model_file import check_model_file

    path = _resolve_path(values["stance_model"], base)
    try:
        check_model_file(path)
    except MissingFileError:
        raise MissingFileError("stance model file not found", path=values["stance_model"],
                               field="stance_model", hint="give a file written by 'framing stance "
                               "train --out', or \"\" for the lexicon method") from None
    except ModelError as err:
        raise ParameterError(err.message, path=values["stance_model"], field="stance_model",
                             hint=err.hint) from None
    if "targets" in values and not values["targets"]:
        raise ParameterError("stance_model scores stance toward targets, but targets is empty",
                             field="stance_model", hint="give targets, or leave stance_model empty")
    values["stance_model"] = str(path.resolve())


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
    if isinstance(values.get("stance_model"), str) and values["stance_model"]:
        _check_stance_model(values, base("stance_model"))
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
    if isinstance(values.get("lexicons"), list) and not values["lexicons"]:
        raise ParameterError("lexicons is empty: no loaded term could be found", field="lexicons",
                             hint="give at least one lexicon file or built-in name: "
                                  + ", ".join(list_builtin_lexicons()))
    _check_term(values)
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
    article = values.get("article")
    needs_items = isinstance(article, int) and not isinstance(article, bool) and article > 0
    if (any(wanted.values()) or needs_items) and isinstance(values.get("corpus"), str):
        columns = values.get("columns") if isinstance(values.get("columns"), dict) else None
        items = _item_outlets(values["corpus"], columns)
        available = sorted(set(items))
        for name, names in wanted.items():
            check_outlets(names, available, name, values["corpus"])
        if needs_items and article >= len(items):  # items rejected later only lower the count
            raise ParameterError(f"article {article} is out of range: {values['corpus']} has "
                                 f"{len(items):,} items", field="article",
                                 hint=f"give a row of the documents table, 0 to {max(len(items) - 1, 0)}")
    _check_category(values)


def _check_term(values: dict[str, Any]) -> None:
    """A notebook with a ``term`` (and maybe ``category``) parameter needs one of them."""
    if not isinstance(values.get("term"), str):
        return
    has_category = isinstance(values.get("category"), str)
    if values["term"].strip() or (has_category and values["category"].strip()):
        return
    raise ParameterError("term is empty" + (" and so is category" if has_category else ""), field="term",
                         hint="give a word or phrase, e.g. -p term regime"
                              + (", or a lexicon category with -p category" if has_category else ""))


def _check_category(values: dict[str, Any]) -> None:
    """``category`` must be a category of the lexicons (not ``exclude``, whose entries never
    count); a lexicon that cannot be read here fails in the notebook with its own error."""
    from framing.errors import FramingError
    from framing.lexicon import EXCLUDE_CATEGORY, as_lexicons

    category = values.get("category")
    if not isinstance(category, str) or not category.strip() or not isinstance(values.get("lexicons"), list):
        return
    try:
        lexicons = as_lexicons(values["lexicons"])
    except FramingError:
        return
    names = sorted({c for lex in lexicons for c in lex.category_names} - {EXCLUDE_CATEGORY})
    if category in names:
        return
    mean = did_you_mean(closest_name(category, names))
    what = ("lists exclusions, which are never counted" if category == EXCLUDE_CATEGORY
            else "is no category of the lexicons")
    raise ParameterError(f"category {category!r} {what}{mean}", field="category",
                         hint="categories of " + ", ".join(lex.id for lex in lexicons) + ": " + ", ".join(names))


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
        ``targets`` and ``lexicons`` (files or built-in names), ``stance_model``
        (a model file, checked without loading it; needs ``targets``), ``columns``
        (known fields), ``date_from``/``date_to`` (ISO dates), and the names in
        :data:`OUTLET_PARAMETERS` (outlets of the corpus).  Paths come back absolute.
        The numeric parameters of :data:`PARAMETER_MINIMUMS` (``n_boot``,
        ``n_perm``, ``min_docs``, ``max_outlets``, ``top_terms``, ``kwic_lines``,
        ``jobs`` at least 1; ``seed`` at least 0) are range-checked either way.

    Returns
    -------
    dict
        Every declared parameter with its final value.

    Raises
    ------
    ParameterError
        Unknown name (with the valid names and a close match), wrong type, bad
        choice, a number out of range, unknown outlet.
    MissingFileError
        A corpus, targets, lexicon or stance model path that does not exist.
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
    _check_ranges(values, params, str(notebook))
    if check:
        _check_roles(values, set(given), Path(notebook).resolve().parent)
    return values


def _check_ranges(values: dict[str, Any], params: Mapping[str, Parameter], notebook: str) -> None:
    """Raise :class:`ParameterError` for a known numeric parameter below its minimum."""
    for name, minimum in PARAMETER_MINIMUMS.items():
        value = values.get(name)
        if name not in params or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if value < minimum:
            default = params[name].default
            example = default if isinstance(default, (int, float)) and default >= minimum else minimum
            comment = params[name].comment
            raise ParameterError(
                f"{name} must be at least {minimum}, got {value!r}", path=notebook, field=name,
                hint=f"pass e.g. -p {name} {example}" + (f"; {name}: {comment}" if comment else ""),
            )
