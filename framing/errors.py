"""One error family for everything a user can get wrong.

Every error names *where* the problem is (file, line, column or parameter) and
*how to fix it*.  Each subclass also inherits the matching built-in exception so
that callers who catch ``ValueError`` or ``FileNotFoundError`` keep working.
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "FramingError",
    "InputError",
    "CorpusError",
    "LexiconError",
    "TargetsError",
    "ParameterError",
    "MissingFileError",
    "ModelError",
    "ReportError",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "SUGGEST_CUTOFF",
    "closest_name",
    "did_you_mean",
    "check_whole_number",
]

#: Exit codes of the ``framing`` command (documented in the README).
EXIT_OK = 0
EXIT_PROBLEMS = 1  # input problems in --strict mode, a failed report, a failed check
EXIT_USAGE = 2  # bad command line, bad parameter, missing file

#: difflib ratio above which a name is offered as "did you mean".
SUGGEST_CUTOFF = 0.6


def closest_name(value: object, names: Iterable[object]) -> str | None:
    """The name of ``names`` most like ``value`` (difflib ratio at least
    :data:`SUGGEST_CUTOFF`), for a "did you mean" in an error; None if none is close."""
    close = difflib.get_close_matches(str(value), [str(n) for n in names], 1, SUGGEST_CUTOFF)
    return close[0] if close else None


def did_you_mean(close: str | None) -> str:
    """``' (did you mean 'x'?)'`` for an error message, or ``''`` when ``close`` is None."""
    return f" (did you mean {close!r}?)" if close else ""


class FramingError(Exception):
    """Base class of every error raised on purpose by ``framing``.

    Parameters
    ----------
    message : str
        What was wrong.
    path : str or Path, optional
        The file the problem is in.
    line : int, optional
        1-based line (or data row) in ``path``.
    field : str, optional
        Column, key or parameter name.
    hint : str, optional
        How to fix it.
    """

    exit_code = EXIT_PROBLEMS

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self.__str__())

    @property
    def location(self) -> str:
        """``file:line [field]`` as far as it is known (empty string if nothing is)."""
        where = self.path or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        if self.field:
            where = f"{where} [{self.field}]" if where else f"[{self.field}]"
        return where

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f" (fix: {self.hint})"
        return text

    def __reduce__(self):  # keep errors picklable across worker processes
        return (_rebuild, (type(self), self.message, self.path, self.line, self.field, self.hint))


def _rebuild(cls, message, path, line, field, hint):
    return cls(message, path=path, line=line, field=field, hint=hint)


class InputError(FramingError, ValueError):
    """Input data that cannot be used as it is."""


class CorpusError(InputError):
    """A corpus file or row that cannot be read as a document."""


class LexiconError(InputError):
    """An invalid lexicon file or entry."""


class TargetsError(InputError):
    """An invalid targets file or target definition."""


class ParameterError(FramingError, ValueError):
    """A bad argument or report parameter."""

    exit_code = EXIT_USAGE


def check_whole_number(name: str, value: object, *, minimum: int, hint: str,
                       allow_none: bool = False) -> int | None:
    """``value`` as an int, or :class:`ParameterError` naming ``name`` unless it is a
    whole number (Python or NumPy integer, not a bool) of at least ``minimum``.

    ``allow_none`` lets None through (returned as None) for "no limit" parameters.
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        also = " or None" if allow_none else ""
        raise ParameterError(f"{name} must be a whole number of at least {minimum}{also}, "
                             f"got {value!r}", field=name, hint=hint)
    return int(value)


class MissingFileError(FramingError, FileNotFoundError):
    """A path that does not exist or cannot be opened."""

    exit_code = EXIT_USAGE


class ModelError(FramingError, ValueError):
    """A model file that cannot be loaded or used (wrong version, not fitted, corrupt)."""


class ReportError(FramingError, RuntimeError):
    """A report run that failed (a notebook cell raised, or conversion failed)."""
