"""Report notebook files: where they are, how to read them, and keeping them clean.

A report notebook has one code cell tagged ``parameters`` (see
:mod:`framing.report_params`) and the ``python3`` kernelspec.
:func:`find_notebook` turns a report name (``outlet_comparison``) or a path into
a notebook file; :func:`read_notebook` reads one with a clear error;
:func:`strip_notebook` and :func:`notebook_problems` keep committed notebooks
free of outputs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from framing.errors import MissingFileError, ParameterError, ReportError, closest_name, did_you_mean
from framing.io import atomic_path

__all__ = [
    "KERNEL_NAME", "PARAMETERS_TAG", "INJECTED_TAG", "DOC_TAG",
    "read_notebook", "parameters_cell", "list_notebooks", "find_notebook", "strip_notebook",
    "notebook_problems",
]

#: Kernel the reports run on: in a virtual environment with ipykernel installed,
#: ``python3`` is that environment's interpreter (no kernelspec to register).
KERNEL_NAME = "python3"
PARAMETERS_TAG = "parameters"  # papermill's tag for the declaration cell
INJECTED_TAG = "injected-parameters"  # papermill's tag for the injected values
#: A markdown cell with this tag is replaced by the table of parameters in reports.
DOC_TAG = "parameters-doc"


def parameters_cell(nb: Mapping[str, Any], where: str) -> tuple[int, Mapping[str, Any]]:
    """Index and cell of the one cell tagged ``parameters`` (``where`` names the notebook in errors)."""
    tagged = [(i, c) for i, c in enumerate(nb["cells"])
              if PARAMETERS_TAG in (c.get("metadata", {}).get("tags") or [])]
    if len(tagged) != 1:
        raise ParameterError(f"expected one cell tagged {PARAMETERS_TAG!r}, found {len(tagged)}",
                             path=where, hint="tag the cell with the typed defaults 'parameters'")
    return tagged[0]


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


def read_notebook(path: str | os.PathLike[str]):
    """Read a notebook file as an ``nbformat`` v4 node (clear errors for missing or bad files)."""
    _import_jupyter()
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise MissingFileError("notebook not found", path=path) from None
    except Exception as err:  # nbformat raises several unrelated types for bad files
        raise ReportError(f"cannot read notebook: {err}", path=path,
                          hint="check that it is a valid .ipynb file") from None


def _package_notebooks(package: Path) -> Path:
    """The report notebooks' folder for the package folder ``package``.

    In a source checkout ``framing/notebooks`` is a link to the top-level
    ``notebooks/`` (their one home) and a built wheel holds copies
    (``[tool.setuptools.package-data]``).  A checkout made without symbolic links
    (Windows with ``core.symlinks=false``) has a small text file there instead:
    then the top-level folder is used directly.
    """
    shipped = package / "notebooks"
    checkout = package.parent / "notebooks"
    return checkout if not shipped.is_dir() and checkout.is_dir() else shipped


#: Folder of the report notebooks shipped with the package.
PACKAGE_NOTEBOOKS = _package_notebooks(Path(__file__).resolve().parent)


def _notebook_dirs() -> list[Path]:
    """Where report names are looked up: ``./notebooks`` first (your own), then the package's."""
    return [Path.cwd() / "notebooks", PACKAGE_NOTEBOOKS]


def list_notebooks() -> list[str]:
    """Names of the report notebooks found in ``./notebooks`` and those shipped with the package."""
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
    mean = did_you_mean(closest_name(notebook, names))
    raise MissingFileError(f"no report notebook named {str(notebook)!r}{mean}", field="NOTEBOOK",
                           hint="report notebooks: " + ", ".join(names) + "; or give a .ipynb path")


def strip_notebook(path: str | os.PathLike[str]) -> bool:
    """Remove outputs, execution counts and run metadata from a notebook file in place.

    Returns ``True`` if the file changed.  Cell tags and the kernelspec are kept.
    """
    import nbformat

    nb = read_notebook(path)
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
    nb = read_notebook(path)
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
